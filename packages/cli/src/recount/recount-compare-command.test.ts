import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../testing/run-cli.ts';

const FILE_NAME = '20171212__al__special__general__precinct.csv';
const ELECTION = '2017-12-12-al-special-general';
const alabama = fileURLToPath(new URL(`../../../../data/${FILE_NAME}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'canvass-recount-cli-'));
const db = join(dir, 'canvass.db');
const recountFile = join(dir, 'autauga-recount.csv');

// A hand recount of Autauga County's Senate race: the file's own rows, with two precincts
// changed (Moore +3 in the first, Jones -2 in the second).
function writeRecount(): { first: string; second: string } {
  const [header = '', ...rows] = readFileSync(alabama, 'utf8').trimEnd().split('\n');
  const senate = rows.filter(
    (row) => row.startsWith('Autauga,') && row.includes(',UNITED STATES SENATOR,'),
  );
  const precincts = [...new Set(senate.map((row) => row.split(',')[1] ?? ''))];
  const [first = '', second = ''] = precincts;
  const changed = senate.map((row) => {
    const cells = row.split(',');
    const votes = Number(cells[6]);
    if (cells[1] === first && cells[5] === 'Roy S. Moore') cells[6] = String(votes + 3);
    if (cells[1] === second && cells[5] === 'Doug Jones') cells[6] = String(votes - 2);
    return cells.join(',');
  });
  writeFileSync(recountFile, `${header}\n${changed.join('\n')}\n`);
  return { first, second };
}

let changedPrecincts: { first: string; second: string };
const savedUrl = process.env['DATABASE_URL'];

before(async () => {
  delete process.env['DATABASE_URL'];
  const imported = await runCli(['import', alabama, '--db', db]);
  assert.equal(imported.code, 0, imported.stderr);
  changedPrecincts = writeRecount();
});
after(() => {
  if (savedUrl !== undefined) process.env['DATABASE_URL'] = savedUrl;
  rmSync(dir, { recursive: true, force: true });
});

interface ComparisonJson {
  recount: { id: number; units: number };
  comparison: {
    precincts: { name: string; countyName: string; difference: number[] }[];
    counties: { name: string; precinctsRecounted: number; difference: number[] }[];
    totals: { original: number[]; recount: number[]; difference: number[] };
    choices: { name: string }[];
    outcomeChanged: boolean;
  };
}

test('recount import, then compare: every difference, per precinct and county; outcome kept', async () => {
  const before = await runCli(['results', '--db', db, '--json']);
  const imported = await runCli([
    'recount',
    'import',
    recountFile,
    '--election',
    ELECTION,
    '--contest',
    'united-states-senator',
    '--db',
    db,
  ]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /^Recorded recount 1 of united-states-senator: \d+ units/);

  const json = await runCli(['recount', 'compare', '--election', ELECTION, '--db', db, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const { recount, comparison } = JSON.parse(json.stdout) as ComparisonJson;
  assert.equal(recount.id, 1);
  const jones = comparison.choices.findIndex((c) => c.name === 'Doug Jones');
  const moore = comparison.choices.findIndex((c) => c.name === 'Roy S. Moore');
  assert.deepEqual(
    comparison.precincts.map((p) => [
      p.countyName,
      p.name,
      p.difference[jones],
      p.difference[moore],
    ]),
    [
      ['Autauga', changedPrecincts.first, 0, 3],
      ['Autauga', changedPrecincts.second, -2, 0],
    ],
  );
  assert.deepEqual(
    comparison.counties.map((c) => [
      c.name,
      c.precinctsRecounted,
      c.difference[jones],
      c.difference[moore],
    ]),
    [['Autauga', recount.units, -2, 3]],
  );
  assert.equal(comparison.totals.difference[jones], -2);
  assert.equal(comparison.totals.difference[moore], 3);
  assert.equal(comparison.outcomeChanged, false);

  const readable = await runCli([
    'recount',
    'compare',
    '--election',
    ELECTION,
    '--recount',
    '1',
    '--db',
    db,
  ]);
  assert.equal(readable.code, 0, readable.stderr);
  assert.match(readable.stdout, /Outcome unchanged: Doug Jones/);
  assert.match(
    readable.stdout,
    /Autauga: \d+ recounted, 2 changed: Doug Jones -2, Roy S\. Moore \+3/,
  );
  assert.ok(readable.stdout.includes(`Autauga / ${changedPrecincts.first}: Roy S. Moore`));

  // The original count is what results still show.
  const after = await runCli(['results', '--db', db, '--json']);
  assert.equal(after.stdout, before.stdout);

  const again = await runCli([
    'recount',
    'import',
    recountFile,
    '--election',
    ELECTION,
    '--contest',
    'united-states-senator',
    '--db',
    db,
  ]);
  assert.match(again.stdout, /Already recorded as recount 1/);
});

test('errors: a file that does not fit, no recount, a bad recount number', async () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(
    bad,
    'county,precinct,office,district,party,candidate,votes\nNowhere,X1,UNITED STATES SENATOR,,,Doug Jones,5\n',
  );
  const rejected = await runCli([
    'recount',
    'import',
    bad,
    '--election',
    ELECTION,
    '--contest',
    'united-states-senator',
    '--db',
    db,
  ]);
  assert.equal(rejected.code, 1);
  assert.match(rejected.stderr, /^bad\.csv:2 /m);
  assert.match(rejected.stderr, /nothing was stored/);
  const none = await runCli([
    'recount',
    'compare',
    '--election',
    ELECTION,
    '--contest',
    'straight-party',
    '--db',
    db,
  ]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /No recount recorded/);
  const wrong = await runCli([
    'recount',
    'compare',
    '--election',
    ELECTION,
    '--recount',
    'two',
    '--db',
    db,
  ]);
  assert.equal(wrong.code, 2);
});
