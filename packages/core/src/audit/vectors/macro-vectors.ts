import {
  macroBounds,
  macroRisk,
  macroSampleSize,
  type BatchTally,
  type MacroInput,
} from '../macro/macro.ts';
import type { AuditContest } from '../contest.ts';
import { arr, num, obj, str, type Json } from './json.ts';
import { readContest } from './vector-contest.ts';
import { UnsupportedCase } from './vector-error.ts';

/** Computes one macro.json case (a `grid` case yields the array of grid outputs). */
export function runMacroCase(c: Json): unknown {
  const fn = str(c['function']);
  const i = obj(c['inputs']);
  if (c['grid'] !== undefined) {
    return arr(c['grid']).map((raw) => {
      const g = obj(raw);
      const input = macroInput(num(g['risk_limit']) / 100, readContest(g['contest']), i);
      const size = macroSampleSize(input);
      return size.ok ? size.value : size.error;
    });
  }
  const contest = readContest(i['contest']);
  if (fn.includes('compute_U')) {
    const input = macroInput(1, contest, i);
    const bounds = macroBounds(contest, input.reported, input.allBatches);
    return {
      U: bounds.totalMaxError,
      unauditable_ballots: bounds.unauditableBallots,
      max_error_per_batch: input.allBatches.map((k) => ({
        batch_key: JSON.parse(k) as unknown,
        max_error: bounds.maxErrors.get(k) ?? 0,
      })),
    };
  }
  const input = macroInput(num(i['risk_limit']) / 100, contest, i);
  if (fn.endsWith('compute_risk')) {
    const risk = macroRisk(input);
    return { p_value: risk.pValue, finished: risk.finished };
  }
  if (fn.endsWith('get_sample_sizes')) {
    const size = macroSampleSize(input);
    return size.ok ? size.value : size.error;
  }
  throw new UnsupportedCase(`unknown MACRO function ${fn}`);
}

function tallies(
  value: unknown,
  contest: AuditContest,
): { keys: string[]; byKey: Map<string, BatchTally> } {
  const keys: string[] = [];
  const byKey = new Map<string, BatchTally>();
  for (const raw of value === undefined || value === null ? [] : arr(value)) {
    const b = obj(raw);
    const key = JSON.stringify(b['batch_key']);
    keys.push(key);
    const t = obj(b['results'])[contest.name];
    if (t !== undefined && t !== null) {
      byKey.set(key, Object.fromEntries(Object.entries(obj(t)).map(([k, v]) => [k, num(v)])));
    }
  }
  return { keys, byKey };
}

function macroInput(alpha: number, contest: AuditContest, i: Json): MacroInput {
  const reported = tallies(i['reported_results'], contest);
  const audited = tallies(i['sample_results'], contest);
  const tickets = i['sample_ticket_numbers'] === undefined ? [] : arr(i['sample_ticket_numbers']);
  const combined = i['combined_batches'] === undefined ? [] : arr(i['combined_batches']);
  return {
    alpha,
    contest,
    reported: reported.byKey,
    allBatches: reported.keys,
    audited: audited.byKey,
    draws: tickets.map((raw) => {
      const t = obj(raw);
      return { ticket: str(t['ticket_number']), batchKey: JSON.stringify(t['batch_key']) };
    }),
    combinedBatches: combined.map((g) => arr(g).map((k) => JSON.stringify(k))),
  };
}
