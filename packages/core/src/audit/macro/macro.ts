import { err, ok, type Result } from '../../util/result.ts';
import type { AuditContest, AuditMathError } from '../contest.ts';
import { macroPairs, sideVotes, type MacroPair } from './macro-pairs.ts';

/** One batch's tally for the contest: votes per choice plus `ballots`. */
export type BatchTally = Readonly<Record<string, number>>;

/** Reported tallies of the contest by batch key (batches without the contest are absent). */
export type BatchTallies = ReadonlyMap<string, BatchTally>;

/** The error bounds of a MACRO audit. */
export interface MacroBounds {
  /** u_p per batch key: the largest possible overstatement as a share of the margin. */
  readonly maxErrors: ReadonlyMap<string, number>;
  /** U = Σ u_p. */
  readonly totalMaxError: number;
  /** Ballots in the contest total that no batch reports. */
  readonly unauditableBallots: number;
  /** The pairs and margins used. */
  readonly pairs: readonly MacroPair[];
}

/**
 * MACRO's per-batch maximum relative overstatement (Stark 2009):
 * u_p = max over pairs of ((v_wp − v_lp) + b_p) / V_wl, with V_wl ≤ 0 giving ∞.
 * Batch keys listed in `allBatches` without the contest get 0.
 * @example macroBounds(contest, reported, [...reported.keys()]).totalMaxError
 */
export function macroBounds(
  contest: AuditContest,
  reported: BatchTallies,
  allBatches: readonly string[],
): MacroBounds {
  let batchVotes = 0;
  for (const tally of reported.values()) {
    for (const [name] of contest.choices) batchVotes += tally[name] ?? 0;
  }
  const contestVotes = contest.choices.reduce((s, [, v]) => s + v, 0);
  const unauditableBallots = Math.max(
    0,
    Math.ceil((contestVotes - batchVotes) / contest.votesAllowed),
  );
  const pairs = macroPairs(contest, unauditableBallots);
  const maxErrors = new Map<string, number>();
  let total = 0;
  for (const key of allBatches) {
    const tally = reported.get(key);
    let u = 0;
    if (tally !== undefined) {
      u = -Infinity;
      for (const pair of pairs) {
        const value =
          pair.margin <= 0
            ? Infinity
            : (sideVotes(pair.winner, tally) -
                sideVotes(pair.loser, tally) +
                (tally['ballots'] ?? 0)) /
              pair.margin;
        u = Math.max(u, value);
      }
      if (u === -Infinity) u = 0;
    }
    maxErrors.set(key, u);
    total += u;
  }
  return { maxErrors, totalMaxError: total, unauditableBallots, pairs };
}

/** One draw of the batch sample. */
export interface BatchDraw {
  /** Ticket number; draws are applied in ticket-string order. */
  readonly ticket: string;
  /** The drawn batch. */
  readonly batchKey: string;
}

/** Inputs of {@link macroRisk} and {@link macroSampleSize}. */
export interface MacroInput {
  /** Risk limit as a fraction. */
  readonly alpha: number;
  /** The contest. */
  readonly contest: AuditContest;
  /** Reported tallies by batch. */
  readonly reported: BatchTallies;
  /** Every batch key in the audit (including batches without the contest). */
  readonly allBatches: readonly string[];
  /** Audited tallies of sampled batches (a combined group's tally under one member's key). */
  readonly audited: BatchTallies;
  /** The draws so far. */
  readonly draws: readonly BatchDraw[];
  /** Groups of batch keys audited together as one tally. */
  readonly combinedBatches?: readonly (readonly string[])[];
}

/** Risk of a batch-comparison audit. */
export interface MacroRisk {
  /** p-value, at most 1. */
  readonly pValue: number;
  /** p ≤ α, or every batch was audited. */
  readonly finished: boolean;
}

/**
 * MACRO p-value: Π over draws (in ticket order) of (1 − 1/U) / (1 − e_p/u_p), with e_p the
 * batch's largest relative overstatement (understatements count as 0). A batch drawn twice
 * counts twice.
 * @example macroRisk({ alpha: 0.1, contest, reported, allBatches, audited, draws }).pValue
 */
export function macroRisk(input: MacroInput): MacroRisk {
  const bounds = macroBounds(input.contest, input.reported, input.allBatches);
  const sampledKeys = new Set(input.draws.map((d) => d.batchKey));
  if (input.allBatches.length > 0 && input.allBatches.every((k) => sampledKeys.has(k))) {
    return { pValue: 0, finished: true };
  }
  const U = bounds.totalMaxError;
  const groupOf = new Map<string, readonly string[]>();
  for (const group of input.combinedBatches ?? []) for (const k of group) groupOf.set(k, group);
  const draws = [...input.draws].sort((a, b) =>
    a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : 0,
  );
  let p = 1;
  for (const draw of draws) {
    const u = bounds.maxErrors.get(draw.batchKey) ?? 0;
    const e = observedError(bounds.pairs, draw.batchKey, input, groupOf);
    if (!Number.isFinite(e) || !Number.isFinite(u)) return { pValue: 1, finished: false };
    const taint = u === 0 ? 0 : e / u;
    p *= (1 - 1 / U) / (1 - taint);
  }
  if (!(p >= 0) || !Number.isFinite(p)) return { pValue: 1, finished: false };
  const pValue = Math.min(1, p);
  return { pValue, finished: pValue <= input.alpha };
}

// e_p: the batch's largest relative overstatement over pairs, at least 0. A combined group's
// audited tally is compared with the group's summed reported tallies.
function observedError(
  pairs: readonly MacroPair[],
  key: string,
  input: MacroInput,
  groupOf: ReadonlyMap<string, readonly string[]>,
): number {
  const group = groupOf.get(key) ?? [key];
  let audited: BatchTally | undefined;
  for (const k of group) audited ??= input.audited.get(k);
  const reported: Record<string, number> = {};
  for (const k of group) {
    for (const [name, v] of Object.entries(input.reported.get(k) ?? {})) {
      reported[name] = (reported[name] ?? 0) + v;
    }
  }
  const a = audited ?? {};
  let worst = 0;
  for (const pair of pairs) {
    const rep = sideVotes(pair.winner, reported) - sideVotes(pair.loser, reported);
    const aud = sideVotes(pair.winner, a) - sideVotes(pair.loser, a);
    const e = pair.margin <= 0 ? Infinity : (rep - aud) / pair.margin;
    worst = Math.max(worst, e);
  }
  return worst;
}

/**
 * Batches to draw next: ⌈(ln α − ln p_now) / ln(1 − 1/U)⌉ + 1, capped at the number of batches;
 * 0 when the risk limit is already met, all batches when U = ∞.
 * @example macroSampleSize({ alpha: 0.1, contest, reported, allBatches, audited: new Map(), draws: [] })
 */
export function macroSampleSize(input: MacroInput): Result<number, AuditMathError> {
  const batches = input.allBatches.length;
  const sampledKeys = new Set(input.draws.map((d) => d.batchKey));
  if (batches > 0 && input.allBatches.every((k) => sampledKeys.has(k))) {
    return err({ type: 'ValueError', message: 'All batches have been counted' });
  }
  const U = macroBounds(input.contest, input.reported, input.allBatches).totalMaxError;
  if (!Number.isFinite(U)) return ok(batches);
  const { pValue } = macroRisk(input);
  if (pValue <= input.alpha) return ok(0);
  const size = Math.ceil((Math.log(input.alpha) - Math.log(pValue)) / Math.log(1 - 1 / U)) + 1;
  return ok(Math.min(size, batches));
}
