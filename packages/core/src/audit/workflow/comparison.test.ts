import { test } from 'node:test';
import assert from 'node:assert/strict';
import { supersimpleRisk, supersimpleSampleSize } from '../supersimple/supersimple.ts';
import { COMPARISON_OPTION, measureComparisonAudit } from './comparison-audit.ts';
import { parseCvrCsv } from './cvr-csv.ts';
import { auditContest, type AuditedContest, type RoundDraw } from './polling-audit.ts';

const mayor: AuditedContest = {
  contestId: 'mayor',
  name: 'Mayor',
  choices: [
    { id: 'ada', name: 'Ada', votes: 6000 },
    { id: 'ben', name: 'Ben', votes: 4000 },
  ],
  ballots: 10_000,
  seats: 1,
  votesAllowed: 1,
};
const manifest = [
  { county: 'Adams', tabulator: 'T1', batch: 'B1', ballots: 3 },
  { county: 'Baker', tabulator: null, batch: 'B2', ballots: 2 },
];

test('CVRs are read per ballot, and every located problem is reported', () => {
  const parsed = parseCvrCsv(
    'county,tabulator,batch,position,mayor\nAdams,T1,B1,1,ada\nAdams,T1,B1,2,\nBaker,,B2,1,ada;ben\n',
    [mayor],
    manifest,
  );
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.value.map((r) => [r.batch, r.position, r.votes['mayor']]),
    [
      ['B1', 1, ['ada']],
      ['B1', 2, []],
      ['B2', 1, ['ada', 'ben']],
    ],
  );
  const bad = parseCvrCsv(
    'county,tabulator,batch,position,mayor,sheriff\nAdams,T1,B9,1,ada\nAdams,T1,B1,4,ada\nAdams,T1,B1,1,zed\nAdams,T1,B1,1,ada\n',
    [mayor],
    manifest,
  );
  assert.ok(!bad.ok);
  assert.deepEqual(
    bad.error.map((p) => `${String(p.line)} ${p.field}: ${p.reason}`),
    [
      '1 header: "sheriff" is not a contest in this audit',
      '2 batch: batch B9 of Adams is not in the manifest',
      '3 position: batch B1 has 3 ballots, not 4',
      '4 mayor: zed is not a choice in mayor',
      '5 position: this ballot already has a record on line 4',
    ],
  );
});

const cvrs = new Map(
  Array.from({ length: 100 }, (_, i) => [`b${String(i)}`, { mayor: [i % 5 < 3 ? 'ada' : 'ben'] }]),
);
const agreeing: RoundDraw[] = Array.from({ length: 100 }, (_, i) => ({
  ballotKey: `b${String(i)}`,
  interpretation: { kind: 'found', votes: { mayor: [i % 5 < 3 ? 'ada' : 'ben'] } },
}));

test('round 1 offers the SuperSimple size; a sample that matches its CVRs meets the limit', () => {
  const start = measureComparisonAudit({ alpha: 0.1, contests: [mayor], rounds: [], cvrs });
  assert.equal(
    start.nextRound?.options[COMPARISON_OPTION]?.size,
    supersimpleSampleSize(0.1, auditContest(mayor), { sampleSize: 0, oneOver: 0, twoOver: 0 }),
  );
  const done = measureComparisonAudit({ alpha: 0.1, contests: [mayor], rounds: [agreeing], cvrs });
  assert.equal(done.finished, true);
  const expected = supersimpleRisk(0.1, auditContest(mayor), [
    { discrepancy: null, timesSampled: 100 },
  ]);
  assert.ok(Math.abs((done.contests[0]?.risk ?? 0) - expected.pValue) < 1e-15);
  assert.equal(done.contests[0]?.sampled['ada'], 60);
});

test('overstatements raise the risk: a 2-vote one for a missing ballot, 1-vote for a blank', () => {
  const rounds: RoundDraw[][] = [
    agreeing
      .slice(0, 40)
      .map((d, i) =>
        i === 0
          ? { ...d, interpretation: { kind: 'not-found' } }
          : i === 1
            ? { ...d, interpretation: { kind: 'found', votes: { mayor: [] } } }
            : d,
      ),
  ];
  const m = measureComparisonAudit({ alpha: 0.1, contests: [mayor], rounds, cvrs });
  const expected = supersimpleRisk(0.1, auditContest(mayor), [
    { discrepancy: { countedAs: 2, weightedError: 2 / 2000 }, timesSampled: 1 },
    { discrepancy: { countedAs: 1, weightedError: 1 / 2000 }, timesSampled: 1 },
    { discrepancy: null, timesSampled: 38 },
  ]);
  assert.ok(Math.abs((m.contests[0]?.risk ?? 0) / expected.pValue - 1) < 1e-12);
  // Without the two overstatements the same 40 draws would have met the limit.
  const clean = supersimpleRisk(0.1, auditContest(mayor), [
    { discrepancy: null, timesSampled: 40 },
  ]);
  assert.ok(clean.pValue < 0.1);
  assert.ok((m.contests[0]?.risk ?? 0) > 0.1, String(m.contests[0]?.risk));
  assert.equal(m.finished, false);
  assert.equal(
    m.nextRound?.options[COMPARISON_OPTION]?.size,
    supersimpleSampleSize(0.1, auditContest(mayor), { sampleSize: 40, oneOver: 1, twoOver: 1 }),
  );
});
