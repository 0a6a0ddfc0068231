import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exportNist, exportOpenElections, nistXml, resultsDocument } from '@canvass/core';
import { verifyElection } from '../ledger/verify-election.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { loadTally } from '../store/load-tally.ts';
import { storeEngines } from '../testing/store-engines.ts';
import { importFile } from './import-file.ts';

const AL_2017 = fileURLToPath(
  new URL('../../../../data/20171212__al__special__general__precinct.csv', import.meta.url),
);
// Rows of six counties of the same file: quick enough to run every format on every engine.
const AL_SAMPLE = fileURLToPath(
  new URL('../../../core/src/formats/openelections/fixtures/al-2017-sample.csv', import.meta.url),
);
const NIST_MIN = fileURLToPath(
  new URL('../../../core/src/formats/nist/fixtures/nist-min.json', import.meta.url),
);
const CLARITY = fileURLToPath(
  new URL('../../../core/src/formats/clarity/fixtures/precinct-detail.xml', import.meta.url),
);
const ELECTION = '2017-12-12-al-special-general';
const generatedAt = new Date('2017-12-13T04:05:06Z');
const dir = mkdtempSync(join(tmpdir(), 'canvass-documents-'));
const engines = storeEngines();
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const engine of engines) await engine.cleanup();
});

interface ContestCounts {
  readonly precinctsTotal: number;
  readonly pseudoUnitsTotal: number;
}

async function results(store: KyselyStore, electionId: string): Promise<unknown> {
  const loaded = await loadTally(store, electionId);
  assert.ok(loaded !== null, `election ${electionId} exists`);
  const document = resultsDocument(loaded.tally, 'hash', { by: 'county' });
  return { ...document, election: { ...document.election, definitionHash: null } };
}

async function nistOf(store: KyselyStore, electionId: string) {
  const loaded = await loadTally(store, electionId);
  assert.ok(loaded !== null);
  return exportNist(loaded.tally, { generatedAt }).report;
}

describe('the whole Alabama 2017 file through the store', () => {
  it('exported as NIST JSON, imported into an empty store, exported again: the same report and results', async () => {
    const engine = engines[0];
    assert.ok(engine !== undefined);
    const source = await engine.open();
    const target = await engine.open();
    try {
      assert.equal(
        (await importFile({ store: source, path: AL_2017, submittedBy: 'test' })).status,
        'accepted',
      );
      const report = await nistOf(source, ELECTION);
      const path = join(dir, 'al-2017.json');
      writeFileSync(path, JSON.stringify(report));
      const outcome = await importFile({ store: target, path, submittedBy: 'test' });
      assert.equal(outcome.status, 'accepted');
      assert.deepEqual(await results(target, ELECTION), await results(source, ELECTION));
      assert.deepEqual(await nistOf(target, ELECTION), report);
    } finally {
      await source.close();
      await target.close();
    }
  });
});

for (const engine of engines) {
  describe(`document imports into the store (${engine.name})`, () => {
    it('Alabama 2017 rows exported as NIST JSON, XML and OpenElections CSV and imported into empty stores: the same results, verifiable', async () => {
      const source = await engine.open();
      try {
        assert.equal(
          (
            await importFile({
              store: source,
              path: AL_SAMPLE,
              electionId: ELECTION,
              submittedBy: 'test',
            })
          ).status,
          'accepted',
        );
        const expected = await results(source, ELECTION);
        const report = await nistOf(source, ELECTION);
        const loaded = await loadTally(source, ELECTION);
        assert.ok(loaded !== null);
        const files = {
          json: join(dir, `${engine.name}-al.json`),
          xml: join(dir, `${engine.name}-al.xml`),
          csv: join(dir, `${engine.name}-al-export.csv`),
        };
        writeFileSync(files.json, JSON.stringify(report));
        writeFileSync(files.xml, [...nistXml(report)].join(''));
        writeFileSync(files.csv, [...exportOpenElections(loaded.tally)].join(''));

        for (const [kind, path] of Object.entries(files)) {
          const target = await engine.open();
          try {
            const outcome = await importFile({
              store: target,
              path,
              // The CSV's name says nothing of its election; NIST reports name theirs.
              electionId: kind === 'csv' ? ELECTION : null,
              submittedBy: 'test',
            });
            assert.equal(
              outcome.status,
              'accepted',
              `${kind}: ${JSON.stringify(outcome)}`.slice(0, 2000),
            );
            assert.equal(outcome.electionId, ELECTION);
            const got = (await results(target, ELECTION)) as {
              election: object;
              contests: unknown;
            };
            // A CSV has rows only for contests on some unit's ballot: the sample's two contests
            // whose rows were all cut away are not in it.
            const onSomeBallot = (expected as { contests: ContestCounts[] }).contests.filter(
              (contest) => contest.precinctsTotal + contest.pseudoUnitsTotal > 0,
            );
            assert.equal(onSomeBallot.length, 7);
            if (kind === 'csv') assert.deepEqual(got.contests, onSomeBallot, kind);
            else {
              assert.deepEqual(got, expected, kind);
              assert.deepEqual(await nistOf(target, ELECTION), report, kind);
            }
            const verified = await verifyElection(target, ELECTION);
            assert.deepEqual(verified.problems, [], kind);
            const again = await importFile({
              store: target,
              path,
              electionId: ELECTION,
              submittedBy: 'test',
            });
            assert.equal(again.status, 'duplicate', kind);
          } finally {
            await target.close();
          }
        }
      } finally {
        await source.close();
      }
    });

    it('a Clarity detail.xml is told by its content, stored, verifiable, and shows the same contests as its NIST export', async () => {
      const store = await engine.open();
      const copy = await engine.open();
      try {
        const outcome = await importFile({ store, path: CLARITY, submittedBy: 'test' });
        assert.ok(outcome.status === 'accepted', JSON.stringify(outcome));
        assert.equal(outcome.submission.format, 'clarity-xml');
        assert.equal(outcome.electionId, '2026-11-03-2026-general-election');
        assert.deepEqual((await verifyElection(store, outcome.electionId)).problems, []);
        const path = join(dir, `${engine.name}-clarity.json`);
        writeFileSync(path, JSON.stringify(await nistOf(store, outcome.electionId)));
        assert.equal(
          (await importFile({ store: copy, path, submittedBy: 'test' })).status,
          'accepted',
        );
        assert.deepEqual(
          await results(copy, outcome.electionId),
          await results(store, outcome.electionId),
        );
      } finally {
        await store.close();
        await copy.close();
      }
    });

    it('a bad NIST file changes nothing and says where each problem is', async () => {
      const store = await engine.open();
      try {
        const report = JSON.parse(readFileSync(NIST_MIN, 'utf8')) as {
          Election: {
            Contest: {
              ContestSelection: { VoteCounts: { Count: number; GpUnitId: string }[] }[];
            }[];
          }[];
        };
        const count = report.Election[0]?.Contest[0]?.ContestSelection[0]?.VoteCounts[0];
        assert.ok(count !== undefined);
        count.GpUnitId = 'ru-missing';
        const bad = join(dir, `${engine.name}-bad.json`);
        writeFileSync(bad, JSON.stringify(report));
        const outcome = await importFile({ store, path: bad, submittedBy: 'test' });
        assert.ok(outcome.status === 'rejected');
        assert.deepEqual(
          outcome.errors.map((error) => [error.file, error.column, error.code]),
          [
            [
              `${engine.name}-bad.json`,
              'Election[0].Contest[0].ContestSelection[0].VoteCounts[0].GpUnitId',
              'unresolved-reference',
            ],
          ],
        );
        assert.deepEqual(await store.listElections(), []);

        const good = await importFile({
          store,
          path: NIST_MIN,
          submittedBy: 'test',
          format: 'nist-json',
        });
        assert.equal(good.status, 'accepted');
        assert.equal(good.electionId, '2026-11-03-general-election');
        const wrongFormat = await importFile({
          store,
          path: NIST_MIN,
          electionId: good.electionId,
          submittedBy: 'test',
          format: 'clarity-xml',
        });
        assert.equal(wrongFormat.status, 'rejected');
      } finally {
        await store.close();
      }
    });
  });
}
