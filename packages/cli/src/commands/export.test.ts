import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { resultsDocument, type ResultsDocument } from '@canvass/core';
import { loadTally, STRICT_POLICY } from '@canvass/server';
import { runExport } from './export.ts';
import { runImport } from './import.ts';
import { withStore } from './shared.ts';

const SAMPLE = fileURLToPath(
  new URL('../../../core/src/formats/openelections/fixtures/al-2017-sample.csv', import.meta.url),
);
const NIST_MIN = fileURLToPath(
  new URL('../../../core/src/formats/nist/fixtures/nist-min.json', import.meta.url),
);
const XSD = fileURLToPath(
  new URL('../../../../data/nist/NIST_V2_election_results_reporting.xsd', import.meta.url),
);
const BIN = fileURLToPath(new URL('../../bin/canvass.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'canvass-export-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `canvass import` as the command does (format told from the content unless given). */
function importInto(db: string, file: string, election?: string, format?: 'nist-xml') {
  return withStore(db, (store) =>
    runImport(
      store,
      file,
      {
        submittedBy: 'test',
        ...(election === undefined ? {} : { election }),
        ...(format === undefined ? {} : { format }),
      },
      STRICT_POLICY,
    ),
  );
}

/** What `canvass results --json --by county` prints. */
function resultsOf(db: string): Promise<ResultsDocument> {
  return withStore(db, async (store) => {
    const elections = await store.listElections();
    const loaded = await loadTally(store, elections.at(-1)?.id ?? '');
    assert.ok(loaded !== null);
    return resultsDocument(loaded.tally, loaded.definitionHash, { by: 'county' });
  });
}

async function exportFrom(
  db: string,
  format: string,
): Promise<{ code: number; text: string; errors: string }> {
  const captured = { text: '', errors: '' };
  const code = await runExport(
    { format, db },
    {
      out: (text) => {
        captured.text += text;
        return Promise.resolve();
      },
      err: (text) => {
        captured.errors += text;
      },
    },
  );
  return { code, ...captured };
}

describe('canvass export and import across formats', () => {
  it('exports as NIST JSON, NIST XML and OpenElections CSV; each imports into an empty store and shows the same contests', async () => {
    const source = join(dir, 'source.db');
    assert.equal((await importInto(source, SAMPLE, 'al-sample')).status, 'accepted');
    const expected = await resultsOf(source);

    for (const [format, extension] of [
      ['nist-json', 'json'],
      ['nist-xml', 'xml'],
      ['openelections', 'csv'],
    ] as const) {
      const exported = await exportFrom(source, format);
      assert.equal(exported.code, 0, exported.errors);
      const file = join(dir, `export.${extension}`);
      writeFileSync(file, exported.text);
      if (format === 'nist-xml') {
        const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
        assert.equal(lint.status, 0, `${lint.stdout}${lint.stderr}`);
      }
      const db = join(dir, `${format}.db`);
      // A CSV's name names no election, so it is given; NIST reports name theirs.
      const outcome = await importInto(
        db,
        file,
        format === 'openelections' ? 'al-sample' : undefined,
      );
      assert.equal(
        outcome.status,
        'accepted',
        `${format}: ${JSON.stringify(outcome).slice(0, 500)}`,
      );
      const got = await resultsOf(db);
      // A CSV has rows only for contests on some unit's ballot (two of the sample's are on none).
      const wanted =
        format === 'openelections'
          ? expected.contests.filter(
              (contest) => contest.precinctsTotal + contest.pseudoUnitsTotal > 0,
            )
          : expected.contests;
      assert.deepEqual(got.contests, wanted, format);
      assert.equal(got.election.id, 'al-sample');
    }
    assert.equal((await exportFrom(source, 'pdf')).code, 2);
    assert.equal((await exportFrom(join(dir, 'empty.db'), 'nist-json')).code, 1);
  });

  it('import tells a NIST report by its content; the canvass export command writes it to standard output', async () => {
    const db = join(dir, 'cli.db');
    const wrong = await importInto(db, NIST_MIN, undefined, 'nist-xml');
    assert.ok(wrong.status === 'rejected');
    assert.match(wrong.errors[0]?.reason ?? '', /^not XML: the file starts with "\{/);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args, '--db', db], { encoding: 'utf8' });
    const imported = await importInto(db, NIST_MIN);
    assert.equal(imported.status, 'accepted');
    assert.equal(imported.electionId, '2026-11-03-general-election');
    // One real process: the command is registered and writes the report to standard output.
    const exported = run('export', '--format', 'nist-json');
    assert.equal(exported.status, 0, exported.stderr);
    const report = JSON.parse(exported.stdout) as {
      Election: { Contest: { Name: string }[] }[];
      GeneratedDate: string;
    };
    assert.equal(report.Election[0]?.Contest[0]?.Name, 'Mayor');
    assert.match(report.GeneratedDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
