import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { resultsDocument } from '@canvass/core';
import { loadTally } from '../store/load-tally.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import { importFile } from './import-file.ts';

const DATA = fileURLToPath(new URL('../../../../data/', import.meta.url));
const AL_2017 = join(DATA, '20171212__al__special__general__precinct.csv');
const AL_2016 = join(DATA, '20161108__al__general__precinct.csv');
const ELECTION = '2017-12-12-al-special-general';

let store: SqliteStore;
let dispose: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'canvass-import-'));

before(async () => {
  ({ store, dispose } = await temporaryStore());
});
after(async () => {
  await dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function storeState(): Promise<string> {
  const submissions = await store.listSubmissions(ELECTION);
  const ledger = await store.listLedger(ELECTION);
  const counts = await store.database
    .selectFrom('counts')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return JSON.stringify({
    submissions: submissions.map((s) => s.id),
    ledger: ledger.length,
    counts: counts.n,
  });
}

describe('importing the Alabama 2017 special election file', () => {
  it('gives exactly the file’s U.S. Senate figures, 67 counties and the file’s inconsistencies as warnings', async () => {
    const outcome = await importFile({ store, path: AL_2017, submittedBy: 'test' });
    assert.equal(outcome.status, 'accepted');
    const loaded = await loadTally(store, ELECTION);
    assert.ok(loaded !== null);
    const document = resultsDocument(loaded.tally, loaded.definitionHash, {
      contest: 'UNITED STATES SENATOR',
      by: 'county',
    });
    const senate = document.contests[0];
    assert.ok(senate !== undefined);
    const votes = Object.fromEntries(senate.choices.map((choice) => [choice.name, choice.votes]));
    assert.deepEqual(votes, { 'Doug Jones': 673352, 'Roy S. Moore': 650940, 'Write-In': 21464 });
    assert.equal(senate.overvotes, 251);
    assert.equal(senate.undervotes, 1459);
    assert.equal(senate.blank, null);
    assert.equal(senate.leader, 'Doug Jones');
    assert.equal(senate.tie, false);
    assert.equal(senate.margin?.votes, 22412);
    assert.equal(senate.margin.twoPartyPoints, 1.692);
    assert.equal(senate.counties?.length, 67);
    assert.equal(senate.precinctsReporting + senate.pseudoUnitsReporting, 2235);
    for (const [index] of senate.choices.entries()) {
      let sum = 0;
      for (const county of senate.counties ?? []) sum += county.choices[index]?.votes ?? 0;
      assert.equal(sum, senate.choices[index]?.votes, 'county totals sum to the state total');
    }
    const missing = document.warnings
      .filter((warning) => warning.code === 'missing-rows' && warning.contestId === senate.id)
      .map((warning) => warning.message);
    assert.equal(missing.length, 2);
    assert.ok(missing.some((message) => message.startsWith('Tuscaloosa')));
    assert.ok(missing.some((message) => message.startsWith('Lauderdale')));
    const mismatches = document.warnings.filter(
      (warning) => warning.code === 'ballots-mismatch' && warning.contestId === senate.id,
    );
    assert.equal(mismatches.length, 102);
    assert.ok(
      mismatches.some(
        (warning) =>
          warning.message.includes('Butler / PROVISIONAL') && warning.message.includes('3 votes'),
      ),
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await storeState();
    const outcome = await importFile({ store, path: AL_2017, submittedBy: 'test' });
    assert.equal(outcome.status, 'duplicate');
    assert.equal(await storeState(), before);
  });

  it('gives the same stored content when the file is parsed in a worker thread', async () => {
    const other = await temporaryStore();
    try {
      const outcome = await importFile({
        store: other.store,
        path: AL_2017,
        submittedBy: 'test',
        worker: true,
      });
      assert.equal(outcome.status, 'accepted');
      const [inline] = await store
        .listLedger(ELECTION)
        .then((records) => records.filter((record) => record.kind === 'submission-accepted'));
      const [worker] = await other.store
        .listLedger(ELECTION)
        .then((records) => records.filter((record) => record.kind === 'submission-accepted'));
      assert.equal(
        (worker?.payload as { contentSha256: string }).contentSha256,
        (inline?.payload as { contentSha256: string }).contentSha256,
      );
      assert.equal(
        (worker?.payload as { sourceSha256: string }).sourceSha256,
        (inline?.payload as { sourceSha256: string }).sourceSha256,
      );
    } finally {
      await other.dispose();
    }
  });

  it('imports the 2016 general election file too', async () => {
    const outcome = await importFile({ store, path: AL_2016, submittedBy: 'test' });
    assert.equal(outcome.status, 'accepted');
    const loaded = await loadTally(store, outcome.electionId);
    assert.ok(loaded !== null);
    const president = resultsDocument(loaded.tally, loaded.definitionHash, { contest: 'President' })
      .contests[0];
    const votes = Object.fromEntries(
      (president?.choices ?? []).map((choice) => [choice.name, choice.votes]),
    );
    assert.equal(votes['Donald J. Trump'], 1317127);
    assert.equal(votes['Hillary Rodham Clinton'], 727869);
  });
});

const HEADER = 'county,precinct,office,district,party,candidate,votes\n';
const GOOD = 'Autauga,0040 E_MEMORIAL CHRISTIAN,UNITED STATES SENATOR,,DEM,Doug Jones,240.0\n';
const BROKEN: { name: string; bytes: Buffer | string; code: string; line: number | null }[] = [
  {
    name: 'fraction',
    bytes: `${HEADER}${GOOD}Autauga,0040 E_MEMORIAL CHRISTIAN,UNITED STATES SENATOR,,REP,Roy S. Moore,700.5\n`,
    code: 'fractional-votes',
    line: 3,
  },
  {
    name: 'negative',
    bytes: `${HEADER}${GOOD}Autauga,0040 E_MEMORIAL CHRISTIAN,UNITED STATES SENATOR,,REP,Roy S. Moore,-4\n`,
    code: 'negative-votes',
    line: 3,
  },
  {
    name: 'non-numeric',
    bytes: `${HEADER}${GOOD}Autauga,0040 E_MEMORIAL CHRISTIAN,UNITED STATES SENATOR,,REP,Roy S. Moore,twelve\n`,
    code: 'non-numeric-votes',
    line: 3,
  },
  { name: 'duplicate key', bytes: `${HEADER}${GOOD}${GOOD}`, code: 'duplicate-key', line: 3 },
  {
    name: 'missing column',
    bytes: `county,precinct,office,district,party,votes\nAutauga,0040 E_MEMORIAL CHRISTIAN,UNITED STATES SENATOR,,DEM,1\n`,
    code: 'missing-column',
    line: 1,
  },
  {
    name: 'county-total row',
    bytes: `${HEADER}${GOOD}Autauga,Total,UNITED STATES SENATOR,,DEM,Doug Jones,240.0\n`,
    code: 'county-total-row',
    line: 3,
  },
  {
    name: 'wrong encoding',
    bytes: Buffer.concat([
      Buffer.from(HEADER),
      Buffer.from([0x41, 0x75, 0x74, 0x61, 0x75, 0x67, 0x61, 0x2c, 0xe9, 0x2c]),
      Buffer.from('UNITED STATES SENATOR,,DEM,Doug Jones,1\n'),
    ]),
    code: 'encoding',
    line: 2,
  },
  { name: 'empty file', bytes: '', code: 'empty-file', line: null },
];

describe('broken files', () => {
  for (const broken of BROKEN) {
    it(`rejects a file with a ${broken.name} with a located message and leaves the store unchanged`, async () => {
      const path = join(dir, `${broken.name.replaceAll(' ', '-')}.csv`);
      writeFileSync(path, broken.bytes);
      const before = await storeState();
      const outcome = await importFile({ store, path, electionId: ELECTION, submittedBy: 'test' });
      assert.equal(outcome.status, 'rejected', readFileSync(path, 'latin1'));
      const error = outcome.errors.find((candidate) => candidate.code === broken.code);
      assert.ok(
        error !== undefined,
        `expected ${broken.code}, got ${outcome.errors.map((e) => `${e.code}: ${e.reason}`).join('; ')}`,
      );
      assert.equal(error.file, path.split('/').at(-1));
      if (broken.line !== null) assert.equal(error.line, broken.line);
      assert.ok(error.reason.length > 10);
      assert.equal(await storeState(), before);
    });
  }
});
