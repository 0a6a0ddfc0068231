import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditContest } from '../contest.ts';
import { macroBounds, macroRisk, macroSampleSize, type MacroInput } from './macro.ts';

const keys = Array.from({ length: 20 }, (_, i) => `b${String(i)}`);
const reported = new Map(keys.map((k) => [k, { A: 60, B: 40, ballots: 100 }]));
const contest: AuditContest = {
  name: 'c',
  choices: [
    ['A', 1200],
    ['B', 800],
  ],
  ballots: 2000,
  numWinners: 1,
  votesAllowed: 1,
};
const base: MacroInput = {
  alpha: 0.1,
  contest,
  reported,
  allBatches: keys,
  audited: new Map(),
  draws: [],
};

test('MACRO bounds: u_p = (margin_p + ballots_p) / V, U = Σ u_p', () => {
  const b = macroBounds(contest, reported, keys);
  assert.equal(b.maxErrors.get('b0'), (20 + 100) / 400);
  assert.ok(Math.abs(b.totalMaxError - 6) < 1e-12);
});

test('MACRO: a clean sample of the suggested size meets the risk limit', () => {
  const size = macroSampleSize(base);
  assert.ok(size.ok);
  const draws = keys
    .slice(0, size.value)
    .map((k, i) => ({ ticket: `0.${String(i).padStart(3, '0')}`, batchKey: k }));
  const audited = new Map(draws.map((d) => [d.batchKey, reported.get(d.batchKey) ?? {}]));
  assert.ok(macroRisk({ ...base, draws, audited }).finished);
});

test('MACRO: an overstatement raises risk; a batch at its maximum error gives p = 1', () => {
  const draws = [
    { ticket: '0.1', batchKey: 'b0' },
    { ticket: '0.2', batchKey: 'b1' },
  ];
  const clean = new Map([
    ['b0', { A: 60, B: 40 }],
    ['b1', { A: 60, B: 40 }],
  ]);
  const off = new Map([
    ['b0', { A: 55, B: 45 }],
    ['b1', { A: 60, B: 40 }],
  ]);
  const worst = new Map([
    ['b0', { A: 0, B: 100 }],
    ['b1', { A: 60, B: 40 }],
  ]);
  const p = (audited: MacroInput['audited']) => macroRisk({ ...base, draws, audited }).pValue;
  assert.ok(p(clean) < p(off));
  assert.equal(p(worst), 1);
});
