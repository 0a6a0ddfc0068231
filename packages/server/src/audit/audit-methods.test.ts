import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import {
  alphaMart,
  fixedAlternativeMean,
  optimalComparison,
  overstatementAssorter,
  supermajorityAssorter,
  macroRisk,
  shrinkTrunc,
  auditContest,
  type ManifestBatchRow,
  type BallotInterpretation,
} from '@canvass/core';
import { buildDefinition, countBatch, type CountSpec } from '@canvass/core/testing';
import { loadTally } from '../store/load-tally.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { storeEngines } from '../testing/store-engines.ts';
import { AuditRefusal } from './audit-errors.ts';
import { readDraws } from './audit-records.ts';
import type { AuditDb } from './audit-tables.ts';
import { AuditWorkflow } from './audit-workflow.ts';
import { batchKeyOf, drawBatches, type BatchTallyRow } from './macro-audit.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'], Baker: ['Q1'] },
  contests: [
    { name: 'Mayor', choices: ['Ada', 'Ben'] },
    { name: 'Sheriff', choices: ['Cy', 'Di'] },
  ],
});
const SEED = '31415926535897932384';
const MANIFEST =
  'county,tabulator,batch,ballots\nAdams,T1,B1,500\nAdams,T2,B2,300\nBaker,,B3,300\n';

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

async function refused(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AuditRefusal, String(error));
    assert.equal(error.failure.code, code);
    assert.match(error.failure.message, pattern);
    return true;
  });
}

/** One ballot of the CVR report: where it is and its Mayor vote ('' for none). */
interface Ballot {
  readonly county: string;
  readonly tabulator: string;
  readonly batch: string;
  readonly position: number;
  readonly vote: string;
}

/** The ballots of MANIFEST: Ada 600, Ben 350, 150 blank. */
function ballots(): Ballot[] {
  const out: Ballot[] = [];
  for (let p = 1; p <= 500; p++)
    out.push({
      county: 'Adams',
      tabulator: 'T1',
      batch: 'B1',
      position: p,
      vote: p <= 450 ? 'ada' : 'ben',
    });
  for (let p = 1; p <= 300; p++)
    out.push({
      county: 'Adams',
      tabulator: 'T2',
      batch: 'B2',
      position: p,
      vote: p <= 150 ? 'ada' : 'ben',
    });
  for (let p = 1; p <= 300; p++)
    out.push({
      county: 'Baker',
      tabulator: '',
      batch: 'B3',
      position: p,
      vote: p <= 150 ? 'ben' : '',
    });
  return out;
}

/** A NIST SP 1500-103 report of these ballots, as a scanner's export would give it. */
function cdfReport(list: readonly Ballot[]): string {
  const selection = (id: string) => ({
    '@type': 'CVR.CVRContestSelection',
    ContestSelectionId: id,
    SelectionPosition: [
      {
        '@type': 'CVR.SelectionPosition',
        HasIndication: 'yes',
        NumberVotes: 1,
        IsAllocable: 'yes',
      },
    ],
  });
  return JSON.stringify({
    '@type': 'CVR.CastVoteRecordReport',
    Version: '1.0.0',
    GeneratedDate: '2026-11-04T21:00:00Z',
    ReportingDevice: [
      { '@id': 'dev-t1', SerialNumber: 'T1' },
      { '@id': 'dev-t2', SerialNumber: 'T2' },
      { '@id': 'dev-b' },
    ],
    GpUnit: [
      { '@id': 'adams', Type: 'county', Name: 'Adams', ReportingDeviceIds: ['dev-t1', 'dev-t2'] },
      { '@id': 'baker', Type: 'county', Name: 'Baker', ReportingDeviceIds: ['dev-b'] },
    ],
    Election: [
      {
        '@id': 'e1',
        Candidate: [
          { '@id': 'c1', Name: 'Ada' },
          { '@id': 'c2', Name: 'Ben' },
        ],
        Contest: [
          {
            '@id': 'k1',
            '@type': 'CVR.CandidateContest',
            Name: 'Mayor',
            ContestSelection: [
              { '@id': 's-ada', CandidateIds: ['c1'] },
              { '@id': 's-ben', CandidateIds: ['c2'] },
            ],
          },
        ],
      },
    ],
    CVR: list.map((b) => ({
      '@type': 'CVR.CVR',
      ElectionId: 'e1',
      BatchId: b.batch,
      BatchSequenceId: b.position,
      CreatingDeviceId: b.tabulator === 'T1' ? 'dev-t1' : b.tabulator === 'T2' ? 'dev-t2' : 'dev-b',
      CurrentSnapshotId: 'x',
      CVRSnapshot: [
        {
          '@id': 'x',
          Type: 'original',
          CVRContest: [
            {
              ContestId: 'k1',
              CVRContestSelection:
                b.vote === '' ? [] : [selection(b.vote === 'ada' ? 's-ada' : 's-ben')],
            },
          ],
        },
      ],
    })),
  });
}

function workflowOn(store: KyselyStore): AuditWorkflow {
  return new AuditWorkflow({
    store,
    tallyOf: async (id) => (await loadTally(store, id))?.tally ?? null,
  });
}

async function manifestRows(store: KyselyStore, auditId: string): Promise<ManifestBatchRow[]> {
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

for (const engine of storeEngines()) {
  after(() => engine.cleanup());

  describe(`audit methods on ${engine.name}`, () => {
    it('ALPHA card-level comparison against a NIST SP 1500-103 CVR report', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 600 },
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 400 },
      ]);
      const workflow = workflowOn(store);
      const { audit } = await workflow.create({
        electionId: definition.id,
        name: 'Mayor ALPHA comparison',
        riskLimit: 10,
        method: 'alpha-comparison',
        contestIds: ['mayor'],
        actor: 'sos',
      });
      await workflow.importManifest(audit.id, MANIFEST, 'sos');
      await workflow.setSeed(audit.id, SEED, 'sos');
      const list = ballots();
      // A report with a ballot the manifest does not have: rejected whole, located by path.
      const bad = cdfReport([...list, { ...list[0], position: 501 } as Ballot]);
      await assert.rejects(workflow.importCvrs(audit.id, bad, 'sos'), (error: unknown) => {
        assert.ok(error instanceof AuditRefusal);
        assert.match(error.failure.message, /1 problem\(s\) in the cast vote record report/);
        const problems = (error.failure.details as { problems: { path: string; reason: string }[] })
          .problems;
        assert.deepEqual(
          problems.map((p) => p.path),
          ['CVR[1100]'],
        );
        assert.match(problems[0]?.reason ?? '', /B1 has 500 ballots, not 501/);
        return true;
      });
      assert.equal((await workflow.view(audit.id)).cvrs, 0, 'nothing stored');
      const imported = await workflow.importCvrs(audit.id, cdfReport(list), 'sos');
      assert.equal(imported.cvrs, 1100);
      const option = imported.measurement?.nextRound?.recommended;
      assert.equal(option, 'alpha');
      const drawn = await workflow.drawRound(audit.id, 'alpha', 'sos');
      const size = drawn.rounds[0]?.draws ?? 0;
      assert.ok(size > 5 && size < 200, `size ${String(size)}`);
      const vote = new Map(
        list.map((b) => [`${b.county}|${b.tabulator}|${b.batch}|${String(b.position)}`, b.vote]),
      );
      const rows = [
        ...(await workflow.retrieval(audit.id, 1, 'Adams')),
        ...(await workflow.retrieval(audit.id, 1, 'Baker')),
      ];
      const reading = (r: (typeof rows)[number]) => {
        const v =
          vote.get(`${r.county}|${r.tabulator ?? ''}|${r.batch}|${String(r.position)}`) ?? '';
        return { kind: 'found' as const, votes: { mayor: v === '' ? [] : [v] } };
      };
      // The first ballot is not found: a 2-vote overstatement; the rest agree with their CVRs.
      const [first, ...rest] = rows;
      assert.ok(first !== undefined);
      const done = await workflow.enter(
        audit.id,
        [
          { ballot: first, interpretation: { kind: 'not-found' } },
          ...rest.map((r) => ({ ballot: r, interpretation: reading(r) })),
        ],
        'board',
      );
      const m = done.measurement;
      assert.ok(m !== null);
      const risk = m.contests[0]?.risk ?? 0;
      assert.ok(risk > 0 && risk <= 1);
      // A missing ballot weighs against the outcome: the same draws all read as their CVRs
      // would give less risk.
      const v = (600 - 350) / 1100;
      const cleanRisk = alphaMart(
        new Array<number>(size).fill(1 / (2 - v)),
        { N: Infinity, t: 0.5, u: 2 / (2 - v) },
        optimalComparison(),
      ).pValue;
      assert.ok(risk > cleanRisk, `${String(risk)} > ${String(cleanRisk)}`);
      if (!m.finished) assert.ok((m.nextRound?.options['alpha']?.size ?? 0) > 0);
      const steps = await workflow.steps(audit.id);
      const payload = (step: string) =>
        steps.find((s) => s.payload['step'] === step)?.payload ?? {};
      assert.equal(payload('cvrs-imported')['format'], 'nist-sp-1500-103');
      assert.deepEqual(payload('cvrs-imported')['mapping'], {
        contests: { k1: 'mayor' },
        selections: { 's-ada': 'ada', 's-ben': 'ben' },
        ignoredContests: [],
      });
      assert.deepEqual(payload('cvrs-imported')['votesByContest'], {
        mayor: { ada: 600, ben: 350 },
      });
      const parameters = payload('audit-created')['parameters'] as Record<string, unknown>;
      assert.equal(parameters['estimator'], 'optimal_comparison');
      await store.close();
    });

    it('ALPHA ballot polling: the risk is recomputable from the ledger', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 650 },
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 350 },
      ]);
      const workflow = workflowOn(store);
      const { audit } = await workflow.create({
        electionId: definition.id,
        name: 'Mayor ALPHA polling',
        riskLimit: 10,
        method: 'alpha-polling',
        contestIds: ['mayor'],
        actor: 'sos',
      });
      await workflow.importManifest(audit.id, MANIFEST, 'sos');
      const ready = await workflow.setSeed(audit.id, SEED, 'sos');
      const offered = ready.measurement?.nextRound?.options['alpha']?.size ?? 0;
      assert.ok(offered > 10 && offered < 1100, `offered ${String(offered)}`);
      await workflow.drawRound(audit.id, 'alpha', 'sos');
      const rows = [
        ...(await workflow.retrieval(audit.id, 1, 'Adams')),
        ...(await workflow.retrieval(audit.id, 1, 'Baker')),
      ];
      await refused(
        workflow.enter(
          audit.id,
          [{ ballot: rows[0] as never, interpretation: { kind: 'not-found' } }],
          'board',
          { counties: ['nowhere'] },
        ),
        'forbidden',
        /this account records for nowhere only/,
      );
      // Two in three ballots for Ada, the others for Ben.
      const done = await workflow.enter(
        audit.id,
        rows.map((ballot, i) => ({
          ballot,
          interpretation: {
            kind: 'found' as const,
            votes: { mayor: [i % 3 === 2 ? 'ben' : 'ada'] },
          },
        })),
        'board',
        { counties: ['adams', 'baker'] },
      );
      const m = done.measurement;
      assert.ok(m !== null && m.pending === 0);
      // An observer's recomputation: the entries in draw order through ALPHA with the recorded
      // estimator (shrink-trunc, prior the reported assorter mean, d = 100).
      const readings = new Map<string, BallotInterpretation>();
      for (const step of await workflow.steps(audit.id))
        if (step.payload['step'] === 'ballots-entered')
          for (const e of step.payload['entries'] as {
            ballotKey: string;
            interpretation: BallotInterpretation;
          }[])
            readings.set(e.ballotKey, e.interpretation);
      const draws = await readDraws(store.database as unknown as AuditDb, audit.id);
      const x = draws.map((d) => {
        const it = readings.get(d.ballotKey);
        if (it?.kind !== 'found') return 0;
        const marked = it.votes['mayor'] ?? [];
        return ((marked.includes('ada') ? 1 : 0) - (marked.includes('ben') ? 1 : 0) + 1) / 2;
      });
      const expected = alphaMart(
        x,
        { N: Infinity, t: 0.5, u: 1 },
        shrinkTrunc({ eta: (1100 + 650 - 350) / 2200, d: 100 }),
      ).pValue;
      assert.equal(m.contests[0]?.risk, expected);
      assert.equal(m.finished, expected <= 0.1);
      const [mayor] = m.contests;
      assert.equal((mayor.sampled['ada'] ?? 0) + (mayor.sampled['ben'] ?? 0), draws.length);
      await store.close();
    });

    it('ALPHA polling of a 2/3 measure with a fixed estimator: settings checked, recorded and recomputable', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 800 },
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 200 },
      ]);
      const workflow = workflowOn(store);
      const base = {
        electionId: definition.id,
        name: 'Measure A (2/3)',
        riskLimit: 10,
        method: 'alpha-polling',
        contestIds: ['mayor'],
        actor: 'sos',
      };
      // Refusals, each before anything is stored.
      await refused(
        workflow.create({ ...base, method: 'bravo', supermajority: { mayor: '2/3' } }),
        'bad-request',
        /needs an ALPHA audit/,
      );
      await refused(
        workflow.create({ ...base, supermajority: { mayor: '0.66' } }),
        'bad-request',
        /ratio of whole numbers such as 2\/3/,
      );
      await refused(
        workflow.create({ ...base, supermajority: { mayor: '1/3' } }),
        'bad-request',
        /at least 1\/2 and less than 1/,
      );
      // 800 of 1000 valid votes is not more than 4/5: exact, no rounding.
      await refused(
        workflow.create({ ...base, supermajority: { mayor: '4/5' } }),
        'rejected',
        /has 800 of 1000 valid votes, not more than 4\/5/,
      );
      await refused(
        workflow.create({ ...base, supermajority: { sheriff: '2/3' } }),
        'bad-request',
        /contest sheriff is not in this audit/,
      );
      // With f = 2/3 the assorter's bound is 3/4: a fixed η must lie below it.
      await refused(
        workflow.create({
          ...base,
          supermajority: { mayor: '2/3' },
          estimator: { kind: 'fixed', eta: 0.76 },
        }),
        'bad-request',
        /eta must be more than 1\/2 and less than 0\.750000/,
      );
      await refused(
        workflow.create({ ...base, estimator: { kind: 'optimal-comparison' } }),
        'bad-request',
        /for alpha-comparison audits/,
      );
      await refused(
        workflow.create({ ...base, estimator: { kind: 'shrink-trunc', d: 0 } }),
        'bad-request',
        /d must be a whole number of draws/,
      );
      assert.equal((await workflow.list(definition.id)).length, 0, 'nothing stored');
      const { audit } = await workflow.create({
        ...base,
        supermajority: { mayor: { numerator: 4, denominator: 6 } },
        estimator: { kind: 'fixed', eta: 0.6 },
      });
      await workflow.importManifest(audit.id, MANIFEST, 'sos');
      const ready = await workflow.setSeed(audit.id, SEED, 'sos');
      const offered = ready.measurement?.nextRound?.options['alpha']?.size ?? 0;
      assert.ok(offered > 5 && offered < 1100, `offered ${String(offered)}`);
      await workflow.drawRound(audit.id, 'alpha', 'sos');
      const rows = [
        ...(await workflow.retrieval(audit.id, 1, 'Adams')),
        ...(await workflow.retrieval(audit.id, 1, 'Baker')),
      ];
      // Four in five for Ada (yes), one in ten for Ben, one in ten blank; the first not found.
      const done = await workflow.enter(
        audit.id,
        rows.map((ballot, i) => ({
          ballot,
          interpretation:
            i === 0
              ? { kind: 'not-found' as const }
              : {
                  kind: 'found' as const,
                  votes: { mayor: i % 10 === 1 ? ['ben'] : i % 10 === 2 ? [] : ['ada'] },
                },
        })),
        'board',
      );
      const m = done.measurement;
      assert.ok(m !== null && m.pending === 0);
      // An observer's recomputation from the ledger: the recorded share and estimator, the
      // entries in draw order through the supermajority assorter.
      const steps = await workflow.steps(audit.id);
      const created = steps.find((s) => s.payload['step'] === 'audit-created')?.payload ?? {};
      const parameters = created['parameters'] as {
        estimator: string;
        estimatorSetting: { kind: string; eta: number };
        supermajority: Record<
          string,
          { share: string; numerator: number; denominator: number } | undefined
        >;
      };
      assert.equal(parameters.estimator, 'fixed');
      assert.deepEqual(parameters.estimatorSetting, { kind: 'fixed', eta: 0.6 });
      const share = parameters.supermajority['mayor'] ?? {
        share: '',
        numerator: 0,
        denominator: 1,
      };
      assert.equal(share.share, '2/3', 'kept in lowest terms');
      const f = share.numerator / share.denominator;
      const assorter = supermajorityAssorter('mayor', 'ada', ['ada', 'ben'], f);
      const readings = new Map<string, BallotInterpretation>();
      for (const step of steps)
        if (step.payload['step'] === 'ballots-entered')
          for (const e of step.payload['entries'] as {
            ballotKey: string;
            interpretation: BallotInterpretation;
          }[])
            readings.set(e.ballotKey, e.interpretation);
      const draws = await readDraws(store.database as unknown as AuditDb, audit.id);
      const x = draws.map((d) => {
        const it = readings.get(d.ballotKey);
        if (it?.kind !== 'found') return 0;
        const marked = it.votes['mayor'] ?? [];
        return assorter.assort({ votes: { mayor: Object.fromEntries(marked.map((c) => [c, 1])) } });
      });
      assert.ok(x.includes(0.75) && x.includes(0) && x.includes(0.5));
      const expected = alphaMart(
        x,
        { N: Infinity, t: 0.5, u: 0.75 },
        fixedAlternativeMean(parameters.estimatorSetting.eta),
      ).pValue;
      assert.equal(m.contests[0]?.risk, expected);
      assert.equal(m.finished, expected <= 0.1);
      const [measure] = m.contests;
      assert.deepEqual(
        measure.pairs.map((p) => [p.winner, p.loser]),
        [['ada', 'more than 2/3 of valid votes']],
      );
      // The view shows the stored settings.
      assert.deepEqual(done.audit.alpha, {
        estimator: { kind: 'fixed', eta: 0.6 },
        supermajority: { mayor: { numerator: 2, denominator: 3 } },
      });
      await store.close();
    });

    it('ALPHA comparison of a 3/5 contest with shrink-trunc: recorded and recomputable', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 600 },
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 350 },
      ]);
      const workflow = workflowOn(store);
      const { audit } = await workflow.create({
        electionId: definition.id,
        name: 'Mayor 3/5',
        riskLimit: 10,
        method: 'alpha-comparison',
        contestIds: ['mayor'],
        actor: 'sos',
        supermajority: { mayor: '3/5' },
        estimator: { kind: 'shrink-trunc', d: 50 },
      });
      await workflow.importManifest(audit.id, MANIFEST, 'sos');
      await workflow.setSeed(audit.id, SEED, 'sos');
      const list = ballots();
      await workflow.importCvrs(audit.id, cdfReport(list), 'sos');
      await workflow.drawRound(audit.id, 'alpha', 'sos');
      const vote = new Map(
        list.map((b) => [`${b.county}|${b.tabulator}|${b.batch}|${String(b.position)}`, b.vote]),
      );
      const rows = [
        ...(await workflow.retrieval(audit.id, 1, 'Adams')),
        ...(await workflow.retrieval(audit.id, 1, 'Baker')),
      ];
      const cvrVote = (r: (typeof rows)[number]) =>
        vote.get(`${r.county}|${r.tabulator ?? ''}|${r.batch}|${String(r.position)}`) ?? '';
      // Every ballot as its CVR, except the first, read as a vote for Ben.
      const done = await workflow.enter(
        audit.id,
        rows.map((r, i) => ({
          ballot: r,
          interpretation: {
            kind: 'found' as const,
            votes: { mayor: i === 0 ? ['ben'] : cvrVote(r) === '' ? [] : [cvrVote(r)] },
          },
        })),
        'board',
      );
      const m = done.measurement;
      assert.ok(m !== null && m.pending === 0);
      const steps = await workflow.steps(audit.id);
      const parameters = steps.find((s) => s.payload['step'] === 'audit-created')?.payload[
        'parameters'
      ] as { estimator: string; estimatorSetting: { d: number; eta0: string } };
      assert.equal(parameters.estimator, 'shrink_trunc');
      assert.deepEqual(parameters.estimatorSetting, {
        kind: 'shrink-trunc',
        d: 50,
        eta0: 'reported',
      });
      // Recompute: the supermajority assorter's mean over the CVRs gives the margin (600 cards
      // for Ada alone at 1/(2f), 350 for Ben at 0, 150 blank at 1/2); each drawn ballot's reading
      // (from the ledger) against its CVR gives the overstatement values.
      const a = supermajorityAssorter('mayor', 'ada', ['ada', 'ben'], 3 / 5);
      const cardOf = (v: string) => ({ votes: { mayor: v === '' ? {} : { [v]: 1 } } });
      const count = (v: string) => list.filter((x) => x.vote === v).length;
      assert.equal(a.assort(cardOf('ada')), a.upperBound);
      assert.equal(a.assort(cardOf('ben')), 0);
      assert.equal(a.assort(cardOf('')), 0.5);
      const margin =
        (2 * (count('ada') * a.upperBound + (1100 - count('ada') - count('ben')) / 2)) / 1100 - 1;
      const b = overstatementAssorter({ contest: 'mayor', assorter: a, margin, useStyle: false });
      const readings = new Map<string, BallotInterpretation>();
      for (const step of steps)
        if (step.payload['step'] === 'ballots-entered')
          for (const e of step.payload['entries'] as {
            ballotKey: string;
            interpretation: BallotInterpretation;
          }[])
            readings.set(e.ballotKey, e.interpretation);
      const draws = await readDraws(store.database as unknown as AuditDb, audit.id);
      const x = draws.map((d) => {
        const it = readings.get(d.ballotKey);
        const mvr = it?.kind === 'found' ? (it.votes['mayor']?.[0] ?? '') : '';
        return b.assort(cardOf(cvrVote({ ...d, timesDrawn: 1 })), cardOf(mvr));
      });
      assert.ok(
        x.some((v) => v < 0.5),
        'one overstatement',
      );
      const clean = 1 / (2 - margin / a.upperBound);
      const expected = alphaMart(
        x,
        { N: Infinity, t: 0.5, u: b.upperBound },
        shrinkTrunc({ eta: clean, d: parameters.estimatorSetting.d }),
      ).pValue;
      assert.equal(m.contests[0]?.risk, expected);
      assert.equal(m.finished, expected <= 0.1);
      await store.close();
    });

    it('MACRO batch comparison: tallies, PPEB draws, hand tallies, risk and next size', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 600 },
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 400 },
      ]);
      const workflow = workflowOn(store);
      const base = {
        electionId: definition.id,
        name: 'Mayor batches',
        riskLimit: 10,
        actor: 'sos',
      } as const;
      const { audit } = await workflow.create({ ...base, method: 'macro', contestIds: ['mayor'] });
      // Twenty batches of 50 ballots, each reported Ada 30, Ben 20.
      const manifest = ['county,tabulator,batch,ballots'];
      const tallies = ['county,tabulator,batch,contest,choice,votes'];
      for (let b = 1; b <= 20; b++) {
        const county = b <= 12 ? 'Adams' : 'Baker';
        manifest.push(`${county},,B${String(b)},50`);
        tallies.push(
          `${county},,B${String(b)},mayor,Ada,30`,
          `${county},,B${String(b)},Mayor,ben,20`,
        );
      }
      await refused(
        workflow.importBatchTallies(audit.id, tallies.join('\n'), 'sos'),
        'conflict',
        /manifest first/,
      );
      await workflow.importManifest(audit.id, `${manifest.join('\n')}\n`, 'sos');
      await workflow.setSeed(audit.id, SEED, 'sos');
      await refused(workflow.drawRound(audit.id, 5, 'sos'), 'conflict', /batch tallies first/);
      await assert.rejects(
        workflow.importBatchTallies(
          audit.id,
          `${tallies.join('\n')}\nAdams,,B99,mayor,ada,1\nAdams,,B1,mayor,zed,x\n`,
          'sos',
        ),
        (error: unknown) => {
          assert.ok(error instanceof AuditRefusal);
          const problems = (
            error.failure.details as { problems: { line: number; field: string }[] }
          ).problems;
          assert.deepEqual(
            problems.map((p) => `${String(p.line)} ${p.field}`),
            ['42 batch', '43 choice', '43 votes'],
          );
          return true;
        },
      );
      const imported = await workflow.importBatchTallies(
        audit.id,
        `${tallies.join('\n')}\n`,
        'sos',
      );
      assert.equal(imported.batchTallies, 20);
      // u_p = (30 − 20 + 50) / 200 = 0.3 for every batch, U = 6:
      // ceil(ln 0.1 / ln(5/6)) + 1 = 14 batches.
      assert.equal(imported.measurement?.nextRound?.options['macro']?.size, 14);
      const drawn = await workflow.drawRound(audit.id, 'macro', 'sos');
      assert.equal(drawn.rounds[0]?.draws, 14);
      const rows = [
        ...(await workflow.retrieval(audit.id, 1, 'Adams')),
        ...(await workflow.retrieval(audit.id, 1, 'Baker')),
      ];
      assert.ok(
        rows.every((r) => r.position === 0),
        'whole batches',
      );
      assert.equal(
        rows.reduce((n, r) => n + r.timesDrawn, 0),
        14,
      );
      await refused(
        workflow.enter(
          audit.id,
          [{ ballot: { ...rows[0], position: 1 } as never, interpretation: { kind: 'not-found' } }],
          'b',
        ),
        'conflict',
        /hand tallies of batches/,
      );
      await refused(
        workflow.enterBatchTallies(
          audit.id,
          [{ batch: rows[0] as never, votes: { mayor: { ada: -1 } } }],
          'b',
        ),
        'bad-request',
        /not a whole number/,
      );
      // An audit-board account limited to other counties cannot record these batches.
      await refused(
        workflow.enterBatchTallies(
          audit.id,
          [{ batch: rows[0] as never, votes: { mayor: { ada: 30, ben: 20 } } }],
          'board',
          { counties: ['nowhere'] },
        ),
        'forbidden',
        /records for nowhere only/,
      );
      // Every batch counts as reported, except one where Ben has ten more votes.
      const [odd, ...others] = rows;
      assert.ok(odd !== undefined);
      await workflow.enterBatchTallies(
        audit.id,
        others.map((r) => ({ batch: r, votes: { mayor: { ada: 30, ben: 20 } } })),
        'board',
      );
      const done = await workflow.enterBatchTallies(
        audit.id,
        [{ batch: odd, votes: { mayor: { ada: 20, ben: 30 } } }],
        'board',
      );
      const m = done.measurement;
      assert.ok(m !== null && m.pending === 0);
      // Recompute from the ledger: manifest rows, batch tallies and seed redraw the batches…
      const steps = await workflow.steps(audit.id);
      const payload = (step: string) =>
        steps.find((s) => s.payload['step'] === step)?.payload ?? {};
      const manifestLedger = payload('manifest-imported')['rows'] as ManifestBatchRow[];
      assert.deepEqual(manifestLedger, await manifestRows(store, audit.id));
      const talliesLedger = payload('batch-tallies-imported')['tallies'] as BatchTallyRow[];
      const contest = { ...(audit.contests[0] as (typeof audit.contests)[number]), ballots: 1000 };
      const redrawn = drawBatches({
        seed: payload('seed-set')['seed'] as string,
        contests: [contest],
        manifest: manifestLedger,
        tallies: new Map(
          talliesLedger.map((t) => [batchKeyOf(t.county, t.tabulator, t.batch), t.tally]),
        ),
        numSampled: 0,
        size: 14,
        digest: (t) => hash('sha256', t, 'binary'),
        digits: 18,
      });
      const draws = await readDraws(store.database as unknown as AuditDb, audit.id);
      assert.deepEqual(
        redrawn.map((d) => [d.ticket, d.key]),
        draws.map((d) => [d.ticket, d.ballotKey]),
      );
      // …and the hand tallies give the risk with the core MACRO math.
      const audited = new Map<string, Record<string, number>>();
      for (const step of steps)
        if (step.payload['step'] === 'batches-entered')
          for (const e of step.payload['entries'] as {
            batchKey: string;
            tally: Record<string, Record<string, number>>;
          }[])
            audited.set(e.batchKey, e.tally['mayor'] ?? {});
      const reported = new Map(
        talliesLedger.map((t) => [
          batchKeyOf(t.county, t.tabulator, t.batch),
          { ...(t.tally['mayor'] ?? {}), ballots: 50 },
        ]),
      );
      const expected = macroRisk({
        alpha: 0.1,
        contest: auditContest(contest),
        reported,
        allBatches: [...reported.keys()],
        audited,
        draws: draws.map((d) => ({ ticket: d.ticket, batchKey: d.ballotKey })),
      });
      assert.equal(m.contests[0]?.risk, expected.pValue);
      // The one overstatement (20 votes of a 200-vote margin, taint 0.1 / 0.3 = 1/3, drawn once
      // or twice) lifts the risk (5/6)^14 = 0.078 above 10%: another round is proposed.
      assert.ok(expected.pValue > 0.1 && expected.pValue < 0.2, String(expected.pValue));
      assert.equal(m.finished, false);
      assert.ok((m.nextRound?.options['macro']?.size ?? 0) >= 1);
      assert.deepEqual(
        steps.map((s) => s.payload['step']),
        [
          'audit-created',
          'manifest-imported',
          'seed-set',
          'batch-tallies-imported',
          'round-drawn',
          'batches-entered',
          'batches-entered',
        ],
      );
      assert.equal(steps[6]?.payload['roundComplete'], true);
      await store.close();
    });

    it('MACRO across two contests: the largest bound and overstatement over both', async () => {
      const store = await engine.open();
      await store.defineElection(definition);
      await submit(store, [
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 600 },
        { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 400 },
        { unit: 'adams/p1', contest: 'Sheriff', target: 'Cy', value: 800 },
        { unit: 'adams/p1', contest: 'Sheriff', target: 'Di', value: 100 },
      ]);
      const workflow = workflowOn(store);
      const { audit } = await workflow.create({
        electionId: definition.id,
        name: 'Two contests in batches',
        riskLimit: 10,
        method: 'macro',
        contestIds: ['mayor', 'sheriff'],
        actor: 'sos',
      });
      // Twenty batches of 50: Mayor Ada 30, Ben 20 (u = 60/200 = 0.3); Sheriff Cy 40, Di 5
      // (u = 85/700 ≈ 0.121). The batch bound is Mayor's 0.3, U = 6: 14 batches, as for Mayor alone.
      const manifest = ['county,tabulator,batch,ballots'];
      const tallies = ['county,tabulator,batch,contest,choice,votes'];
      for (let b = 1; b <= 20; b++) {
        manifest.push(`Adams,,B${String(b)},50`);
        tallies.push(
          `Adams,,B${String(b)},mayor,ada,30`,
          `Adams,,B${String(b)},mayor,ben,20`,
          `Adams,,B${String(b)},sheriff,cy,40`,
          `Adams,,B${String(b)},sheriff,di,5`,
        );
      }
      await workflow.importManifest(audit.id, `${manifest.join('\n')}\n`, 'sos');
      await workflow.importBatchTallies(audit.id, tallies.join('\n'), 'sos');
      const ready = await workflow.setSeed(audit.id, SEED, 'sos');
      assert.equal(ready.measurement?.nextRound?.options['macro']?.size, 14);
      await workflow.drawRound(audit.id, 'macro', 'sos');
      const draws = await readDraws(store.database as unknown as AuditDb, audit.id);
      const rows = await workflow.retrieval(audit.id, 1, 'Adams');
      // Mayor as reported everywhere; the Sheriff count of one batch has 35 of Cy's votes for Di:
      // e = 70/700 = 0.1, taint 0.1/0.3 = 1/3 for each draw of that batch.
      const [odd, ...others] = rows;
      assert.ok(odd !== undefined);
      const done = await workflow.enterBatchTallies(
        audit.id,
        [
          ...others.map((r) => ({
            batch: r,
            votes: { mayor: { ada: 30, ben: 20 }, sheriff: { cy: 40, di: 5 } },
          })),
          { batch: odd, votes: { mayor: { ada: 30, ben: 20 }, sheriff: { cy: 5, di: 40 } } },
        ],
        'board',
      );
      const oddKey = batchKeyOf(odd.county, odd.tabulator, odd.batch);
      const oddDraws = draws.filter((d) => d.ballotKey === oddKey).length;
      const expected = Math.pow(5 / 6, 14) / Math.pow(2 / 3, oddDraws);
      const m = done.measurement;
      assert.ok(m !== null);
      for (const c of m.contests)
        assert.ok(Math.abs(c.risk - expected) < 1e-12, `${c.contestId} ${String(c.risk)}`);
      assert.equal(m.finished, expected <= 0.1);
      assert.equal(m.contests[1]?.sampled['di'], 5 * others.length + 40);
      // The combined risk is the audit's; each contest also shows its own MACRO risk on the
      // same draws, recomputed here from the ledger's batch tallies and hand tallies.
      const macro = m as typeof m & {
        auditRisk: number;
        contests: readonly { contestId: string; risk: number; ownRisk: number }[];
      };
      assert.ok(Math.abs(macro.auditRisk - expected) < 1e-12);
      const steps = await workflow.steps(audit.id);
      const talliesLedger = steps.find((s) => s.payload['step'] === 'batch-tallies-imported')
        ?.payload['tallies'] as BatchTallyRow[];
      const entered = new Map<string, Record<string, Record<string, number>>>();
      for (const step of steps)
        if (step.payload['step'] === 'batches-entered')
          for (const e of step.payload['entries'] as {
            batchKey: string;
            tally: Record<string, Record<string, number>>;
          }[])
            entered.set(e.batchKey, e.tally);
      const allBatches = talliesLedger.map((t) => batchKeyOf(t.county, t.tabulator, t.batch));
      const own = (contestId: string) =>
        macroRisk({
          alpha: 0.1,
          contest: auditContest({
            ...(audit.contests.find(
              (c) => c.contestId === contestId,
            ) as (typeof audit.contests)[number]),
            ballots: 1000,
          }),
          reported: new Map(
            talliesLedger.map((t) => [
              batchKeyOf(t.county, t.tabulator, t.batch),
              { ...(t.tally[contestId] ?? {}), ballots: 50 },
            ]),
          ),
          allBatches,
          audited: new Map([...entered].map(([k, t]) => [k, { ...(t[contestId] ?? {}) }])),
          draws: draws.map((d) => ({ ticket: d.ticket, batchKey: d.ballotKey })),
        }).pValue;
      const mayorOwn = own('mayor');
      const sheriffOwn = own('sheriff');
      // Mayor counted as reported: its own risk is (1 − 1/U_mayor)^14 with U_mayor = 6.
      assert.ok(Math.abs(mayorOwn - Math.pow(5 / 6, 14)) < 1e-12);
      assert.notEqual(sheriffOwn, mayorOwn);
      assert.equal(macro.contests[0]?.ownRisk, mayorOwn);
      assert.equal(macro.contests[1]?.ownRisk, sheriffOwn);
      await store.close();
    });
  });
}
