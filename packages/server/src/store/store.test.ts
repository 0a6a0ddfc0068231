import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  contestResult,
  type ElectionDefinition,
  type SourceError,
  type SubmissionSink,
} from '@canvass/core';
import { buildDefinition, countBatch, type CountSpec } from '@canvass/core/testing';
import { loadTally } from './load-tally.ts';
import { sql } from 'kysely';
import { sha256Hex, verifyChain, type CountBatch, type FactRecord } from '@canvass/core';
import { contentHash } from '../ledger/content-hasher.ts';
import { signatureChecker } from '../ledger/signing-key.ts';
import { storeEngines } from '../testing/store-engines.ts';
import type { ProducedSubmission, Store } from './store.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2', 'ABSENTEE'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});

function producer(
  def: ElectionDefinition,
  specs: CountSpec[],
  sha256: string,
  errors: SourceError[] = [],
) {
  return async (sink: SubmissionSink): Promise<ProducedSubmission> => {
    await sink.counts(countBatch(def, specs));
    await sink.facts([
      { unit: 1, fact: 'ballots-cast', voteType: 'total', value: 30, sourceLine: 9 },
    ]);
    return {
      errors,
      errorCount: errors.length,
      warnings: [],
      definition: def,
      sha256,
      byteSize: 100,
      rows: specs.length,
      counts: specs.length,
    };
  };
}

const request = {
  electionId: 'test-election',
  format: 'test',
  sourceName: 'a.csv',
  submittedBy: 'tester',
  options: {},
};

async function tableCounts(store: Store): Promise<string> {
  const elections = await store.listElections();
  const submissions = elections.length === 0 ? [] : await store.listSubmissions('test-election');
  return JSON.stringify({
    elections: elections.map((e) => [e.id, e.version]),
    submissions: submissions.map((s) => s.id),
  });
}

for (const engine of storeEngines()) {
  after(() => engine.cleanup());
  const freshStore = () => engine.open();

  describe(`store on ${engine.name}`, () => {
    it('accepts a submission, creates the election from its definition and replays it into a tally', async () => {
      const store = await freshStore();
      const outcome = await store.writeSubmission(
        request,
        producer(
          definition,
          [
            { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 17 },
            { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 9 },
            { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 11 },
          ],
          'sha-1',
        ),
      );
      assert.equal(outcome.status, 'accepted');
      assert.equal((await store.listElections())[0]?.version, 1);
      const loaded = await loadTally(store, 'test-election');
      assert.ok(loaded !== null);
      const result = contestResult(loaded.tally, 0, null);
      assert.deepEqual(
        result.choices.map((choice) => choice.votes),
        [17, 20],
      );
      assert.equal(loaded.tally.facts.get('ballots-cast', 1), 30);
      const [submission] = await store.listSubmissions('test-election');
      assert.equal(submission?.sourceSha256, 'sha-1');
      assert.equal(submission.submittedBy, 'tester');
      assert.equal(submission.definitionHash, loaded.definitionHash);
      await store.close();
    });

    it('rejects a submission with errors whole and leaves the store exactly as it was', async () => {
      const store = await freshStore();
      await store.writeSubmission(
        request,
        producer(
          definition,
          [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 1 }],
          'sha-1',
        ),
      );
      const before = await tableCounts(store);
      const error: SourceError = {
        file: 'b.csv',
        line: 3,
        column: 'votes',
        code: 'fractional-votes',
        reason: 'votes must be a whole number',
      };
      const outcome = await store.writeSubmission(
        { ...request, sourceName: 'b.csv' },
        producer(
          definition,
          [{ unit: 'adams/p2', contest: 'Mayor', target: 'Ada', value: 1000 }],
          'sha-2',
          [error],
        ),
      );
      assert.equal(outcome.status, 'rejected');
      assert.equal(await tableCounts(store), before);
      const loaded = await loadTally(store, 'test-election');
      assert.equal(
        loaded === null ? null : contestResult(loaded.tally, 0, null).choices[0]?.votes,
        1,
      );
      await store.close();
    });

    it('treats the same bytes submitted twice as a duplicate and changes nothing', async () => {
      const store = await freshStore();
      const specs: CountSpec[] = [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 5 }];
      await store.writeSubmission(request, producer(definition, specs, 'same'));
      const before = await tableCounts(store);
      const again = await store.writeSubmission(request, producer(definition, specs, 'same'));
      assert.equal(again.status, 'duplicate');
      assert.equal(again.existing.id, 1);
      assert.equal(await tableCounts(store), before);
      await store.close();
    });

    it('rolls back when the producer throws, and stays usable', async () => {
      const store = await freshStore();
      await assert.rejects(
        store.writeSubmission(request, async (sink) => {
          await sink.counts(
            countBatch(definition, [
              { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 5 },
            ]),
          );
          throw new Error('disk on fire');
        }),
        /disk on fire/,
      );
      assert.deepEqual(await store.listElections(), []);
      const outcome = await store.writeSubmission(
        request,
        producer(
          definition,
          [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 5 }],
          'x',
        ),
      );
      assert.equal(outcome.status, 'accepted');
      await store.close();
    });

    it('keeps every submission and lets a later one supersede a unit without losing the earlier one', async () => {
      const store = await freshStore();
      await store.writeSubmission(
        request,
        producer(
          definition,
          [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 5 }],
          's1',
        ),
      );
      await store.writeSubmission(
        request,
        producer(
          definition,
          [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 8 }],
          's2',
        ),
      );
      assert.equal((await store.listSubmissions('test-election')).length, 2);
      const loaded = await loadTally(store, 'test-election');
      assert.equal(
        loaded === null ? null : contestResult(loaded.tally, 0, null).choices[0]?.votes,
        8,
      );
      await store.close();
    });

    it('serialises concurrent writers so each gets its own submission id', async () => {
      const store = await freshStore();
      const outcomes = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          store.writeSubmission(
            request,
            producer(
              definition,
              [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: n }],
              `c${n}`,
            ),
          ),
        ),
      );
      assert.deepEqual(
        outcomes.map((outcome) => (outcome.status === 'accepted' ? outcome.submission.id : null)),
        [1, 2, 3, 4],
      );
      await store.close();
    });

    it('writes a signed, hash-chained ledger record for the definition and each submission, in the same transaction', async () => {
      const store = await freshStore();
      await store.writeSubmission(
        request,
        producer(
          definition,
          [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 5 }],
          'l1',
        ),
      );
      await store.writeSubmission(
        request,
        producer(
          definition,
          [{ unit: 'adams/p2', contest: 'Mayor', target: 'Ben', value: 7 }],
          'l2',
        ),
      );
      await store.writeSubmission(
        request,
        producer(definition, [], 'bad', [
          { file: 'x', line: 1, column: null, code: 'x', reason: 'x' },
        ]),
      );
      const ledger = await store.listLedger('test-election');
      assert.deepEqual(
        ledger.map((record) => record.kind),
        ['election-defined', 'submission-accepted', 'submission-accepted'],
      );
      assert.deepEqual(verifyChain(ledger, sha256Hex, signatureChecker(store.publicKeyPem)), []);
      const payload = ledger[2]?.payload as {
        submissionId: number;
        sourceSha256: string;
        contentSha256: string;
      };
      assert.equal(payload.sourceSha256, 'l2');
      const batches: CountBatch[] = [];
      let facts: readonly FactRecord[] = [];
      await store.readSubmission(
        payload.submissionId,
        (batch) => batches.push(batch),
        (read) => (facts = read),
      );
      assert.equal(contentHash(batches, facts), payload.contentSha256);
      await store.close();
    });

    it('lets a count edited directly in the database be told apart from what the ledger signed', async () => {
      const store = await freshStore();
      await store.writeSubmission(
        request,
        producer(
          definition,
          [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 5 }],
          't1',
        ),
      );
      const payload = (await store.listLedger('test-election'))[1]?.payload as {
        submissionId: number;
        contentSha256: string;
      };
      // The one count's value (8 bytes, little-endian float64) rewritten to 500.
      const tampered = Buffer.alloc(8);
      tampered.writeDoubleLE(500);
      await sql`update counts set value = ${tampered} where submission_id = ${payload.submissionId}`.execute(
        store.database,
      );
      const batches: CountBatch[] = [];
      let facts: readonly FactRecord[] = [];
      await store.readSubmission(
        payload.submissionId,
        (batch) => batches.push(batch),
        (read) => (facts = read),
      );
      assert.notEqual(contentHash(batches, facts), payload.contentSha256);
      await store.close();
    });
  });
}
