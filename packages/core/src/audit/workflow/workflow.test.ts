import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bravoSampleSizes } from '../bravo/bravo.ts';
import { parseBallotManifest, manifestTotals, samplerManifest } from './ballot-manifest.ts';
import {
  auditContest,
  measurePollingAudit,
  roundTally,
  type AuditedContest,
  type RoundDraw,
} from './polling-audit.ts';
import { retrievalCsv, retrievalList } from './retrieval-list.ts';

test('a manifest is read by header name, with a blank tabulator as none', () => {
  const parsed = parseBallotManifest(
    'Batch,County,Ballots,Tabulator\r\n"B,1",Autauga,250,\nB2,Baldwin,0,T9\n',
  );
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value, [
    { county: 'Autauga', tabulator: null, batch: 'B,1', ballots: 250 },
    { county: 'Baldwin', tabulator: 'T9', batch: 'B2', ballots: 0 },
  ]);
  assert.deepEqual(manifestTotals(parsed.value), {
    ballots: 250,
    batches: 2,
    byCounty: { Autauga: 250, Baldwin: 0 },
  });
  // Empty batches have nothing to draw.
  assert.deepEqual(samplerManifest(parsed.value), [
    { batchKey: ['Autauga', null, 'B,1'], positions: Array.from({ length: 250 }, (_, i) => i + 1) },
  ]);
});

test('every manifest problem is reported with its line and field, and nothing is accepted', () => {
  const parsed = parseBallotManifest(
    'county,tabulator,batch,ballots\nAutauga,T1,B1,12\n,T1,B2,3\nAutauga,T1,B1,4\nBibb,,B3,2.5\n',
  );
  assert.ok(!parsed.ok);
  assert.deepEqual(parsed.error, [
    { line: 3, field: 'county', reason: 'the county is blank' },
    { line: 4, field: 'batch', reason: 'batch B1 of Autauga is already listed on line 2' },
    { line: 5, field: 'ballots', reason: '"2.5" is not a whole number of ballots' },
  ]);
  const noBallots = parseBallotManifest('county,batch\nA,B\n');
  assert.ok(!noBallots.ok);
  assert.match(noBallots.error[0]?.reason ?? '', /no "ballots" column/);
  const empty = parseBallotManifest('');
  assert.ok(!empty.ok);
  assert.equal(empty.error[0]?.reason, 'the file is empty');
});

const senate: AuditedContest = {
  contestId: 'senate',
  name: 'U.S. Senate',
  choices: [
    { id: 'moore', name: 'Roy Moore', votes: 4000 },
    { id: 'jones', name: 'Doug Jones', votes: 6000 },
    { id: 'write-in', name: 'Write-in', votes: 100 },
  ],
  ballots: 11_000,
  seats: 1,
  votesAllowed: 1,
};

const found = (...ids: string[]): RoundDraw['interpretation'] => ({
  kind: 'found',
  votes: { senate: ids },
});

test('a round tally counts each draw; a missing ballot votes for every loser; overvotes count for no one', () => {
  const draws: RoundDraw[] = [
    { ballotKey: 'a', interpretation: found('jones') },
    { ballotKey: 'a', interpretation: found('jones') },
    { ballotKey: 'b', interpretation: found('moore', 'jones') },
    { ballotKey: 'c', interpretation: { kind: 'not-found' } },
    { ballotKey: 'd', interpretation: { kind: 'found', votes: {} } },
    { ballotKey: 'e', interpretation: null },
  ];
  assert.deepEqual(roundTally(senate, draws), { moore: 1, jones: 2, 'write-in': 1 });
});

test('round 1 offers the BRAVO options of the contest', () => {
  const state = measurePollingAudit({ alpha: 0.1, contests: [senate], rounds: [] });
  const expected = bravoSampleSizes({
    alpha: 0.1,
    contest: auditContest(senate),
    rounds: [],
    numSampled: 0,
  });
  assert.ok(expected.ok);
  assert.deepEqual(state.nextRound?.options, expected.value);
  assert.equal(state.nextRound.recommended, '0.9');
  assert.equal(state.nextRound.fullHandCount, false);
  assert.equal(state.finished, false);
  assert.equal(state.contests[0]?.risk, 1);
});

test('an open round has no next size; a strong complete round finishes the audit', () => {
  const strong: RoundDraw[] = Array.from({ length: 60 }, (_, i) => ({
    ballotKey: String(i),
    interpretation: found(i % 4 === 0 ? 'moore' : 'jones'),
  }));
  const open = measurePollingAudit({
    alpha: 0.1,
    contests: [senate],
    rounds: [[...strong, { ballotKey: 'x', interpretation: null }]],
  });
  assert.equal(open.pending, 1);
  assert.equal(open.nextRound, null);
  assert.equal(open.contests[0]?.risk, 1, 'an open round is not measured');
  const done = measurePollingAudit({ alpha: 0.1, contests: [senate], rounds: [strong] });
  assert.equal(done.finished, true);
  assert.ok((done.contests[0]?.risk ?? 1) < 0.1);
  assert.equal(done.nextRound, null);
});

test('a sample that contradicts the outcome escalates toward a full hand count', () => {
  const tiny: AuditedContest = {
    ...senate,
    ballots: 120,
    choices: [
      { id: 'moore', name: 'Roy Moore', votes: 55 },
      { id: 'jones', name: 'Doug Jones', votes: 60 },
    ],
  };
  const against: RoundDraw[] = Array.from({ length: 40 }, (_, i) => ({
    ballotKey: String(i),
    interpretation: found(i % 3 === 0 ? 'jones' : 'moore'),
  }));
  const state = measurePollingAudit({ alpha: 0.05, contests: [tiny], rounds: [against] });
  assert.equal(state.finished, false);
  assert.equal(state.nextRound?.fullHandCount, true);
});

test('a retrieval list names each ballot once with its draws, and its CSV is safe to open', () => {
  const rows = retrievalList(
    [
      { county: 'Bibb', tabulator: null, batch: 'B2', position: 9, ticket: '0.5' },
      { county: 'Bibb', tabulator: null, batch: 'B1', position: 30, ticket: '0.7' },
      { county: 'Bibb', tabulator: null, batch: 'B2', position: 9, ticket: '0.3' },
      { county: 'Bibb', tabulator: null, batch: 'B1', position: 4, ticket: '0.9' },
      { county: 'Clay', tabulator: null, batch: 'B1', position: 1, ticket: '0.1' },
    ],
    'Bibb',
  );
  assert.deepEqual(
    rows.map((r) => [r.batch, r.position, r.ticket, r.timesDrawn]),
    [
      ['B1', 4, '0.9', 1],
      ['B1', 30, '0.7', 1],
      ['B2', 9, '0.3', 2],
    ],
  );
  const csv = retrievalCsv([{ ...rows[0]!, batch: '=HYPERLINK("x")' }]);
  assert.equal(
    csv,
    'county,tabulator,batch,position,ticket,times_drawn\nBibb,,"\'=HYPERLINK(""x"")",4,0.9,1\n',
  );
});
