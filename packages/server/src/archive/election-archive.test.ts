import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { importFile } from '../ingest/import-file.ts';
import { importStream } from '../ingest/import-stream.ts';
import { verifyElection } from '../ledger/verify-election.ts';
import { LiveResults } from '../live/live-results.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { storeEngines } from '../testing/store-engines.ts';
import { ArchiveError, restoreElectionArchive, writeElectionArchive } from './election-archive.ts';

const AL_2017 = fileURLToPath(
  new URL('../../../../data/20171212__al__special__general__precinct.csv', import.meta.url),
);
const ELECTION = '2017-12-12-al-special-general';

async function archiveOf(store: KyselyStore): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeElectionArchive(store, ELECTION, out);
  return Buffer.concat(chunks);
}

async function resultsOf(store: KyselyStore): Promise<unknown> {
  const live = await LiveResults.load(store);
  const election = live.election(ELECTION);
  assert.ok(election !== undefined);
  return JSON.parse(election.results().body.toString()) as unknown;
}

for (const engine of storeEngines()) {
  describe(`election archive: backup and restore (${engine.name})`, () => {
    let store: KyselyStore;
    let archive: Buffer;

    before(async () => {
      store = await engine.open();
      assert.equal(
        (await importFile({ store, path: AL_2017, submittedBy: 'clerk' })).status,
        'accepted',
      );
      // A second, later submission for one county (a correction record beside it).
      async function* bytes(): AsyncGenerator<Uint8Array> {
        await Promise.resolve();
        yield Buffer.from(
          'county,precinct,office,district,party,candidate,votes\nAutauga,0040 E_MEMORIAL CHRISTIAN,UNITED STATES SENATOR,,REP,Roy S. Moore,950\n',
        );
      }
      const outcome = await importStream({
        store,
        source: { kind: 'bytes', bytes: bytes() },
        sourceName: 'autauga-update.csv',
        electionId: ELECTION,
        submittedBy: 'clerk',
        policy: { onDuplicate: 'error', onCountyTotal: 'skip' },
        annex: {
          kind: 'correction',
          actor: 'clerk',
          write: (_trx, submission) =>
            Promise.resolve({ submissionId: submission.id, reason: 'test correction' }),
        },
      });
      assert.equal(outcome.status, 'accepted', JSON.stringify(outcome).slice(0, 500));
      archive = await archiveOf(store);
    });
    after(async () => {
      await store.close();
      await engine.cleanup();
    });

    it('restores into an empty database with the identical ledger and totals, and verifies', async () => {
      const target = await engine.open();
      try {
        const { header, counts } = await restoreElectionArchive(target, Readable.from([archive]));
        assert.equal(header.electionId, ELECTION);
        assert.equal(counts.submissions, 2);
        assert.deepEqual(await target.listLedger(ELECTION), await store.listLedger(ELECTION));
        assert.deepEqual(
          await target.listSubmissions(ELECTION),
          await store.listSubmissions(ELECTION),
        );
        assert.deepEqual(await resultsOf(target), await resultsOf(store));
        // Signatures check against the archived (published) key, not the target's own.
        const report = await verifyElection(target, ELECTION, header.publicKeyPem);
        assert.deepEqual(report.problems, []);
        assert.equal(report.submissions, 2);
        // The restored database takes new submissions after the restored ones.
        const next = await importStream({
          store: target,
          source: {
            kind: 'bytes',
            bytes: Readable.from([
              Buffer.from(
                'county,precinct,office,district,party,candidate,votes\nAutauga,0040 E_MEMORIAL CHRISTIAN,UNITED STATES SENATOR,,REP,Roy S. Moore,951\n',
              ),
            ]),
          },
          sourceName: 'after-restore.csv',
          electionId: ELECTION,
          submittedBy: 'clerk',
          policy: { onDuplicate: 'error', onCountyTotal: 'skip' },
        });
        assert.equal(next.status, 'accepted');
        assert.equal(next.submission.id, 3);
        // The same archive twice: refused, and nothing more written.
        await assert.rejects(
          restoreElectionArchive(target, Readable.from([archive])),
          /already exists/,
        );
      } finally {
        await target.close();
      }
    });

    it('refuses a damaged or foreign archive and writes nothing', async () => {
      const target = await engine.open();
      try {
        await assert.rejects(
          restoreElectionArchive(target, Readable.from([archive.subarray(0, archive.length >> 1)])),
          ArchiveError,
        );
        await assert.rejects(
          restoreElectionArchive(target, Readable.from([gzipSync('{"format":"other"}\n')])),
          /not a canvass.election-archive\/2 archive/,
        );
        assert.deepEqual(await target.listElections(), []);
      } finally {
        await target.close();
      }
    });
  });
}
