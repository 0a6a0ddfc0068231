import assert from 'node:assert/strict';
import { createHash, hash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import {
  drawBallotSample,
  samplerManifest,
  sha256Hex,
  verifyChain,
  type ManifestBatchRow,
} from '@canvass/core';
import { buildDefinition } from '@canvass/core/testing';
import type { Kysely } from 'kysely';
import { signatureChecker } from '../ledger/signing-key.ts';
import { loadTally } from '../store/load-tally.ts';
import { countBatch, type CountSpec } from '@canvass/core/testing';
import type { KyselyStore } from '../store/kysely-store.ts';
import { storeEngines } from '../testing/store-engines.ts';
import { AuditRefusal } from './audit-errors.ts';
import { countWinners } from './audit-state.ts';
import type { AuditDb } from './audit-tables.ts';
import { AuditWorkflow } from './audit-workflow.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const SEED = '01234567890123456789';

/** Stores one submission of these counts (on any engine). */
async function submit(store: KyselyStore, specs: readonly CountSpec[]): Promise<void> {
  const outcome = await store.writeSubmission(
    {
      electionId: definition.id,
      format: 'fixture',
      sourceName: 'counts.csv',
      submittedBy: 'test',
      options: {},
    },
    async (sink) => {
      await sink.counts(countBatch(definition, specs));
      return {
        errors: [],
        errorCount: 0,
        warnings: [],
        definition,
        sha256: 'counts',
        byteSize: 1,
        rows: specs.length,
        counts: specs.length,
      };
    },
  );
  assert.equal(outcome.status, 'accepted');
}
const MANIFEST =
  'county,tabulator,batch,ballots\nAdams,T1,B1,500\nAdams,T2,B2,300\nBaker,,B3,300\n';

async function refused(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AuditRefusal, String(error));
    assert.equal(error.failure.code, code);
    assert.match(error.failure.message, pattern);
    return true;
  });
}

async function readManifestRows(store: KyselyStore, auditId: string): Promise<ManifestBatchRow[]> {
  const rows = await (store.database as unknown as AuditDb)
    .selectFrom('audit_manifest_batches')
    .selectAll()
    .where('audit_id', '=', auditId)
    .orderBy('line')
    .execute();
  return rows.map((r) => ({
    county: r.county,
    tabulator: r.tabulator,
    batch: r.batch,
    ballots: r.ballots,
  }));
}

async function storedTickets(store: KyselyStore, auditId: string): Promise<string[]> {
  const rows = await (store.database as unknown as AuditDb)
    .selectFrom('audit_draws')
    .select('ticket')
    .where('audit_id', '=', auditId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.ticket);
}

for (const engine of storeEngines()) {
  after(() => engine.cleanup());

  describe(`audit workflow on ${engine.name}`, () => {
    it('runs a ballot-polling audit from creation to a finished round, every step on the ledger', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 400 },
        { unit: 'adams/p2', contest: 'Mayor', target: 'Ben', value: 250 },
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ada', value: 200 },
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 150 },
      ]);
      const workflow = new AuditWorkflow({
        store,
        tallyOf: async (id) => (await loadTally(store, id))?.tally ?? null,
      });
      const base = { electionId: definition.id, name: 'Mayor RLA', actor: 'sos' } as const;
      await refused(
        workflow.create({ ...base, riskLimit: 10, method: 'minerva', contestIds: ['mayor'] }),
        'bad-request',
        /method minerva/,
      );
      await refused(
        workflow.create({ ...base, riskLimit: 10, method: 'bravo', contestIds: ['sheriff'] }),
        'bad-request',
        /no contest sheriff/,
      );
      await refused(
        workflow.create({ ...base, riskLimit: 0, method: 'bravo', contestIds: ['mayor'] }),
        'bad-request',
        /risk limit/,
      );
      const created = await workflow.create({
        ...base,
        riskLimit: 10,
        method: 'bravo',
        contestIds: ['mayor'],
      });
      const auditId = created.audit.id;
      // The reported results come from the election's tally.
      assert.deepEqual(
        created.audit.contests[0]?.choices.map((c) => [c.id, c.votes]),
        [
          ['ada', 600],
          ['ben', 400],
        ],
      );
      assert.equal(created.next, 'import the ballot manifest');

      await refused(
        workflow.importManifest(auditId, 'county,tabulator,batch,ballots\nAdams,T1,B1,x\n', 'sos'),
        'rejected',
        /1 problem/,
      );
      await refused(
        workflow.importManifest(auditId, 'county,batch,ballots\nAdams,B1,900\n', 'sos'),
        'rejected',
        /fewer than the 1000/,
      );
      assert.equal((await workflow.view(auditId)).manifest, null, 'nothing half stored');
      const imported = await workflow.importManifest(auditId, MANIFEST, 'sos');
      assert.deepEqual(imported.manifest, {
        ballots: 1100,
        batches: 3,
        byCounty: { Adams: 800, Baker: 300 },
      });
      await refused(workflow.importManifest(auditId, MANIFEST, 'sos'), 'conflict', /already/);
      await refused(workflow.drawRound(auditId, '0.9', 'sos'), 'conflict', /seed first/);
      await refused(workflow.setSeed(auditId, '1234', 'sos'), 'bad-request', /20 decimal digits/);
      await workflow.setSeed(auditId, SEED, 'sos');
      await refused(
        workflow.setSeed(auditId, SEED.replace('0', '9'), 'sos'),
        'conflict',
        /already set/,
      );

      const ready = await workflow.view(auditId);
      const options = ready.measurement?.nextRound?.options;
      assert.ok(options?.['0.9'] !== undefined && options['asn'] !== undefined);
      const size = options['0.9'].size;
      const drawn = await workflow.drawRound(auditId, '0.9', 'sos');
      assert.equal(drawn.rounds[0]?.draws, size);
      assert.equal(drawn.measurement?.pending, size);
      await refused(workflow.drawRound(auditId, 10, 'sos'), 'conflict', /still has/);

      // Retrieval lists cover every draw, county by county.
      const adams = await workflow.retrieval(auditId, 1, 'Adams');
      const baker = await workflow.retrieval(auditId, 1, 'Baker');
      const listed = [...adams, ...baker].reduce((n, r) => n + r.timesDrawn, 0);
      assert.equal(listed, size);
      assert.ok(adams.every((r) => r.batch === 'B1' || r.batch === 'B2'));

      // The audit board reads every ballot: three in four for Ada, one not found.
      const ballots = [...adams, ...baker];
      const [first, ...rest] = ballots;
      assert.ok(first !== undefined);
      await refused(
        workflow.enter(
          auditId,
          [{ ballot: { ...first, position: 9999 }, interpretation: { kind: 'not-found' } }],
          'board',
        ),
        'bad-request',
        /not drawn/,
      );
      await refused(
        workflow.enter(
          auditId,
          [{ ballot: first, interpretation: { kind: 'found', votes: { mayor: ['zed'] } } }],
          'board',
        ),
        'bad-request',
        /zed is not a choice/,
      );
      // An entry then its correction: the later one counts.
      await workflow.enter(
        auditId,
        [{ ballot: first, interpretation: { kind: 'found', votes: { mayor: ['ben'] } } }],
        'board',
      );
      await workflow.enter(
        auditId,
        [{ ballot: first, interpretation: { kind: 'not-found' } }],
        'board',
      );
      // The rest in two sittings of the audit board.
      const readings = rest.map((ballot, i) => ({
        ballot,
        interpretation: {
          kind: 'found' as const,
          votes: { mayor: [i % 4 === 3 ? 'ben' : 'ada'] },
        },
      }));
      const half = Math.floor(readings.length / 2);
      const partial = await workflow.enter(auditId, readings.slice(0, half), 'board');
      assert.equal(partial.measurement?.nextRound, null, 'the round is still open');
      await workflow.enter(auditId, readings.slice(half), 'board');
      const done = await workflow.view(auditId);
      const m = done.measurement;
      assert.ok(m !== null);
      assert.equal(m.pending, 0);
      const sampled = m.contests[0]?.sampled ?? {};
      assert.equal((sampled['ada'] ?? 0) + (sampled['ben'] ?? 0), size, 'every draw counted once');
      assert.equal(m.finished, (m.contests[0]?.risk ?? 1) <= 0.1);
      assert.equal(
        done.next,
        m.finished ? 'finished: every contest met the risk limit' : done.next,
      );
      await refused(
        workflow.enter(
          auditId,
          [{ ballot: first, interpretation: { kind: 'not-found' } }],
          'board',
        ),
        'conflict',
        /complete and measured/,
      );

      // The ledger: a valid chain, one record per step, enough to recompute the sample.
      const ledger = await store.listLedger(definition.id);
      assert.deepEqual(verifyChain(ledger, sha256Hex, signatureChecker(store.publicKeyPem)), []);
      const steps = await workflow.steps(auditId);
      assert.deepEqual(
        [...new Set(steps.map((s) => s.payload['step']))],
        ['audit-created', 'manifest-imported', 'seed-set', 'round-drawn', 'ballots-entered'],
      );
      assert.equal(steps.length, 4 + 2 + 2);
      const payload = (step: string) =>
        steps.find((s) => s.payload['step'] === step)?.payload ?? {};
      const rows = payload('manifest-imported')['rows'] as ManifestBatchRow[];
      assert.equal(
        payload('manifest-imported')['sha256'],
        createHash('sha256').update(MANIFEST).digest('hex'),
      );
      const round = payload('round-drawn');
      const recomputed = drawBallotSample({
        seed: payload('seed-set')['seed'] as string,
        manifest: samplerManifest(rows),
        sampleSize: round['sampleSize'] as number,
        idMode: 'canonical',
        digits: round['ticketDigits'] as number,
        digest: (t) => hash('sha256', t, 'binary'),
      });
      assert.equal(
        createHash('sha256')
          .update(recomputed.map((d) => `${d.ticketNumber} ${d.hashedId}`).join('\n'))
          .digest('hex'),
        round['drawsSha256'],
      );
      const last = steps[steps.length - 1]?.payload ?? {};
      assert.equal(last['roundComplete'], true);
      assert.deepEqual(
        (last['measurement'] as { contests: unknown }).contests,
        JSON.parse(JSON.stringify(m.contests)),
      );
      await store.close();
    });

    it('runs a ballot-comparison audit against imported cast vote records', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 600 },
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 400 },
      ]);
      const workflow = new AuditWorkflow({
        store,
        tallyOf: async (id) => (await loadTally(store, id))?.tally ?? null,
      });
      const created = await workflow.create({
        electionId: definition.id,
        name: 'Mayor comparison',
        riskLimit: 10,
        method: 'supersimple',
        contestIds: ['mayor'],
        actor: 'sos',
      });
      const auditId = created.audit.id;
      await refused(workflow.importCvrs(auditId, 'x', 'sos'), 'conflict', /manifest first/);
      await workflow.importManifest(auditId, MANIFEST, 'sos');
      await workflow.setSeed(auditId, SEED, 'sos');
      await refused(workflow.drawRound(auditId, 10, 'sos'), 'conflict', /cast vote records first/);
      // One CVR per ballot: Ada 600 as reported, Ben 350 of his 400, 150 blank.
      const lines = ['county,tabulator,batch,position,mayor'];
      for (let p = 1; p <= 500; p++)
        lines.push(`Adams,T1,B1,${String(p)},${p <= 450 ? 'ada' : 'ben'}`);
      for (let p = 1; p <= 300; p++)
        lines.push(`Adams,T2,B2,${String(p)},${p <= 150 ? 'ada' : 'ben'}`);
      for (let p = 1; p <= 300; p++) lines.push(`Baker,,B3,${String(p)},${p <= 150 ? 'ben' : ''}`);
      const cvrCsv = `${lines.join('\n')}\n`;
      await refused(
        workflow.importCvrs(
          auditId,
          cvrCsv.replace('Adams,T1,B1,7,ada', 'Adams,T1,B1,7,zed'),
          'sos',
        ),
        'rejected',
        /1 problem/,
      );
      const imported = await workflow.importCvrs(auditId, cvrCsv, 'sos');
      assert.equal(imported.cvrs, 1100);
      assert.equal(imported.next, 'draw round 1');
      const option = imported.measurement?.nextRound?.recommended;
      assert.equal(option, 'supersimple');
      const drawn = await workflow.drawRound(auditId, option, 'sos');
      const size = drawn.rounds[0]?.draws ?? 0;
      assert.ok(size > 0);
      // The board confirms every CVR.
      const cvrOf = new Map(
        lines.slice(1).map((l) => {
          const [county = '', tabulator = '', batch = '', position = '', vote = ''] = l.split(',');
          return [`${county}|${tabulator}|${batch}|${position}`, vote];
        }),
      );
      const rows = [
        ...(await workflow.retrieval(auditId, 1, 'Adams')),
        ...(await workflow.retrieval(auditId, 1, 'Baker')),
      ];
      const done = await workflow.enter(
        auditId,
        rows.map((r) => {
          const vote =
            cvrOf.get(`${r.county}|${r.tabulator ?? ''}|${r.batch}|${String(r.position)}`) ?? '';
          return {
            ballot: r,
            interpretation: { kind: 'found' as const, votes: { mayor: vote === '' ? [] : [vote] } },
          };
        }),
        'board',
      );
      assert.equal(done.measurement?.finished, true, 'no discrepancies: the limit is met');
      assert.ok((done.measurement.contests[0]?.risk ?? 1) < 0.1);
      const steps = (await workflow.steps(auditId)).map((s) => s.payload['step']);
      assert.deepEqual(steps, [
        'audit-created',
        'manifest-imported',
        'seed-set',
        'cvrs-imported',
        'round-drawn',
        'ballots-entered',
      ]);
      await store.close();
    });

    it('a second round continues the sample stream of the first', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 600 },
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 400 },
      ]);
      const workflow = new AuditWorkflow({
        store,
        tallyOf: async (id) => (await loadTally(store, id))?.tally ?? null,
      });
      const { audit } = await workflow.create({
        electionId: definition.id,
        name: 'Two rounds',
        riskLimit: 10,
        method: 'bravo',
        contestIds: ['mayor'],
        actor: 'sos',
      });
      await workflow.importManifest(audit.id, MANIFEST, 'sos');
      await workflow.setSeed(audit.id, SEED, 'sos');
      const readAll = async (round: number) => {
        const rows = [
          ...(await workflow.retrieval(audit.id, round, 'Adams')),
          ...(await workflow.retrieval(audit.id, round, 'Baker')),
        ];
        // Nothing found: the risk stays at 1 and a next round is offered.
        await workflow.enter(
          audit.id,
          rows.map((ballot) => ({ ballot, interpretation: { kind: 'not-found' as const } })),
          'board',
        );
        return rows;
      };
      await workflow.drawRound(audit.id, 5, 'sos');
      await readAll(1);
      await workflow.drawRound(audit.id, 7, 'sos');
      await readAll(2);
      const rows = await readManifestRows(store, audit.id);
      const whole = drawBallotSample({
        seed: SEED,
        manifest: samplerManifest(rows),
        sampleSize: 12,
        idMode: 'canonical',
        digest: (t) => hash('sha256', t, 'binary'),
      });
      const steps = await workflow.steps(audit.id);
      const drawn = steps.filter((s) => s.payload['step'] === 'round-drawn');
      assert.deepEqual(
        drawn.map((s) => [s.payload['numSampledBefore'], s.payload['draws']]),
        [
          [0, 5],
          [5, 7],
        ],
      );
      const view = await workflow.view(audit.id);
      assert.equal(view.measurement?.contests[0]?.risk, 1);
      assert.ok(view.measurement.nextRound !== null);
      // Partners hear of each round drawn and measured, queued with the ledger step.
      const events = await (
        store.database as unknown as Kysely<{
          webhook_events: { id: number; type: string; payload: string };
        }>
      )
        .selectFrom('webhook_events')
        .select(['type', 'payload'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((e) => {
          const data = (JSON.parse(e.payload) as { data: { round: number; status: string } }).data;
          return [e.type, data.round, data.status];
        }),
        [
          ['audit.round', 1, 'drawn'],
          ['audit.round', 1, 'measured'],
          ['audit.round', 2, 'drawn'],
          ['audit.round', 2, 'measured'],
        ],
      );
      // Escalation ends in a full hand count, which settles the contest.
      await refused(
        workflow.recordHandCount(audit.id, 'mayor', { ada: -1 }, 'sos'),
        'bad-request',
        /not a whole number/,
      );
      const counted = await workflow.recordHandCount(
        audit.id,
        'mayor',
        { ada: 598, ben: 402 },
        'sos',
      );
      assert.equal(counted.measurement?.finished, true);
      assert.equal(counted.measurement.contests[0]?.risk, 0);
      assert.deepEqual(counted.handCounts['mayor'], {
        votes: { ada: 598, ben: 402 },
        winners: ['ada'],
        confirmsOutcome: true,
      });
      assert.equal(
        counted.next,
        'finished: every contest met the risk limit or was counted in full',
      );
      await refused(
        workflow.recordHandCount(audit.id, 'mayor', { ada: 1, ben: 2 }, 'sos'),
        'conflict',
        /already recorded/,
      );
      // Round 1 then round 2 are exactly the first 12 draws of one stream.
      assert.deepEqual(
        await storedTickets(store, audit.id),
        whole.map((d) => d.ticketNumber),
      );
      await store.close();
    });
  });
}

describe('hand count winners', () => {
  it('names the choices with the most votes, ties included, so an overturned outcome shows', () => {
    const votes = (ada: number, ben: number, cy: number) => [
      { id: 'ada', votes: ada },
      { id: 'ben', votes: ben },
      { id: 'cy', votes: cy },
    ];
    assert.deepEqual(countWinners(votes(5, 7, 1), 1), ['ben']);
    assert.deepEqual(countWinners(votes(7, 7, 1), 1), ['ada', 'ben']);
    assert.deepEqual(countWinners(votes(7, 6, 6), 2), ['ada', 'ben', 'cy']);
  });
});
