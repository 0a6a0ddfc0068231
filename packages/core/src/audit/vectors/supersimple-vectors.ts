import { ballotDiscrepancy, type BallotMarks } from '../supersimple/discrepancy.ts';
import {
  supersimpleRisk,
  supersimpleSampleSize,
  type SampledDiscrepancy,
} from '../supersimple/supersimple.ts';
import type { AuditContest } from '../contest.ts';
import { arr, num, obj, str, type Json } from './json.ts';
import { readContest } from './vector-contest.ts';
import { UnsupportedCase } from './vector-error.ts';

/** Computes one supersimple.json case (or its `discrepancy()` items). */
export function runSupersimpleCase(c: Json): unknown {
  const i = obj(c['inputs']);
  const contest = readContest(i['contest']);
  if (c['items'] !== undefined) {
    return arr(c['items']).map((raw) => {
      const item = obj(raw);
      const d = ballotDiscrepancy(contest, marks(item['reported']), marks(item['audited']));
      return d === null ? null : { counted_as: d.countedAs, weighted_error: d.weightedError };
    });
  }
  const fn = str(c['function']);
  const alpha = num(i['risk_limit']) / 100;
  if (fn.endsWith('compute_risk')) {
    const risk = supersimpleRisk(alpha, contest, sampledBallots(contest, i['sampled_ballots']));
    return { p_value: risk.pValue, finished: risk.finished };
  }
  if (fn.endsWith('get_sample_sizes')) {
    const s = i['sample_results'];
    const counts =
      s === null || s === undefined
        ? { sampleSize: 0, oneOver: 0, twoOver: 0 }
        : {
            sampleSize: num(obj(s)['sample_size']),
            oneOver: num(obj(s)['1-over']),
            twoOver: num(obj(s)['2-over']),
          };
    return supersimpleSampleSize(alpha, contest, counts);
  }
  throw new UnsupportedCase(`unknown SuperSimple function ${fn}`);
}

function marks(value: unknown): BallotMarks | null {
  if (value === null || value === undefined) return null;
  const out: Record<string, Record<string, string>> = {};
  for (const [contest, choices] of Object.entries(obj(value))) {
    out[contest] = Object.fromEntries(Object.entries(obj(choices)).map(([k, v]) => [k, str(v)]));
  }
  return out;
}

function sampledBallots(contest: AuditContest, value: unknown): SampledDiscrepancy[] {
  const out: SampledDiscrepancy[] = [];
  for (const raw of arr(value)) {
    const entry = obj(raw);
    const ids = entry['ballot_ids'];
    const count = ids === undefined ? 1 : num(obj(ids)['stop']) - num(obj(ids)['start']);
    const discrepancy = ballotDiscrepancy(
      contest,
      marks(entry['reported']),
      marks(entry['audited']),
    );
    for (let k = 0; k < count; k++)
      out.push({ discrepancy, timesSampled: num(entry['times_sampled']) });
  }
  return out;
}
