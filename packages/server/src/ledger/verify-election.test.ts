import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { importFile } from '../ingest/import-file.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import { verifyElection } from './verify-election.ts';

const AL_2017 = fileURLToPath(
  new URL('../../../../data/20171212__al__special__general__precinct.csv', import.meta.url),
);
const ELECTION = '2017-12-12-al-special-general';
let store: SqliteStore;
let dispose: () => Promise<void>;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  const outcome = await importFile({ store, path: AL_2017, submittedBy: 'test' });
  assert.equal(outcome.status, 'accepted');
});
after(async () => {
  await dispose();
});

describe('verifyElection', () => {
  it('passes an untouched store: chain, signatures, sources, stored counts and rebuilt totals all agree', async () => {
    const report = await verifyElection(store, ELECTION);
    assert.deepEqual(report.problems, []);
    assert.equal(report.submissions, 1);
    assert.equal(report.ledgerRecords, 2);
  });

  it('finds a count edited directly in the database and says which totals it changed', async () => {
    const segment = await store.database
      .selectFrom('counts')
      .select(['submission_id', 'segment', 'value'])
      .orderBy('segment')
      .executeTakeFirstOrThrow();
    const original = Buffer.from(segment.value);
    const edited = Buffer.from(original);
    edited.writeDoubleLE(edited.readDoubleLE(0) + 500, 0);
    await sql`update counts set value = ${edited} where submission_id = ${segment.submission_id} and segment = ${segment.segment}`.execute(
      store.database,
    );
    const report = await verifyElection(store, ELECTION);
    assert.ok(
      report.problems.some(
        (problem) => problem.check === 'stored-counts' && problem.submissionId === 1,
      ),
    );
    const totals = report.problems.filter((problem) => problem.check === 'totals');
    assert.ok(totals.length >= 2, 'the statewide and the county figure both differ');
    assert.ok(
      totals.some(
        (problem) =>
          problem.message.includes('from the ledger') && problem.message.includes('statewide'),
      ),
    );
    await sql`update counts set value = ${original} where submission_id = ${segment.submission_id} and segment = ${segment.segment}`.execute(
      store.database,
    );
    assert.deepEqual((await verifyElection(store, ELECTION)).problems, []);
  });

  it('finds a ledger record rewritten in the database', async () => {
    await sql`update ledger set actor = 'someone else' where election_id = ${ELECTION} and sequence = 2`.execute(
      store.database,
    );
    const report = await verifyElection(store, ELECTION);
    assert.ok(
      report.problems.some(
        (problem) => problem.check === 'chain' && problem.message.includes('record 2'),
      ),
    );
    await sql`update ledger set actor = 'test' where election_id = ${ELECTION} and sequence = 2`.execute(
      store.database,
    );
    assert.deepEqual((await verifyElection(store, ELECTION)).problems, []);
  });

  it('finds a submission inserted behind the ledger’s back', async () => {
    await sql`insert into submissions (id, election_id, definition_hash, format, source_name, source_sha256, byte_size, submitted_by, submitted_at, options, rows, counts, warnings)
      values (99, ${ELECTION}, 'x', 'openelections', 'forged.csv', 'y', 1, 'mallory', '2017-12-13', '{}', 0, 0, '[]')`.execute(
      store.database,
    );
    const report = await verifyElection(store, ELECTION);
    assert.ok(
      report.problems.some(
        (problem) => problem.submissionId === 99 && problem.message.includes('not in the ledger'),
      ),
    );
  });
});
