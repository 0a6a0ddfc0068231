import { bravoRisk, bravoSampleSizes, type RoundTally, type SizeOptions } from '../bravo/bravo.ts';
import { bravoExpectedProb, bravoQuantileSize } from '../bravo/bravo-math.ts';
import { withNotFoundAsLoserVotes } from '../bravo/not-found.ts';
import { arr, num, obj, pairs, str, type Json } from './json.ts';
import { readContest } from './vector-contest.ts';
import { UnsupportedCase } from './vector-error.ts';

/** Computes one bravo.json case (or its low-level items). */
export function runBravoCase(c: Json): unknown {
  if (c['items'] !== undefined) return arr(c['items']).map((item) => lowLevel(obj(item)));
  const fn = str(c['function']);
  const i = obj(c['inputs']);
  const alpha = num(i['risk_limit']) / 100;
  const contest = readContest(i['contest']);
  const roundList =
    i['sample_results'] === null || i['sample_results'] === undefined
      ? []
      : arr(i['sample_results']);
  const roundIds = roundList.map((r) => str(arr(r)[0]));
  let rounds: RoundTally[] = roundList.map((r) => Object.fromEntries(pairs(arr(r)[1])));
  if (i['samples_not_found'] !== undefined) {
    const nf = obj(i['samples_not_found']);
    rounds = withNotFoundAsLoserVotes(
      contest,
      rounds,
      roundIds.map((id) => num(nf[id] ?? 0)),
    );
  }
  if (fn.includes('compute_risk')) {
    const risk = bravoRisk(alpha, contest, rounds);
    return {
      p_values: risk.pValues.map((p) => ({ winner: p.winner, loser: p.loser, p_value: p.pValue })),
      finished: risk.finished,
    };
  }
  if (fn.includes('get_sample_size')) {
    const sizes =
      i['round_sizes'] === null || i['round_sizes'] === undefined ? [] : arr(i['round_sizes']);
    const numSampled = sizes.reduce<number>((s, r) => s + num(obj(r)['round_size']), 0);
    const result = bravoSampleSizes({ alpha, contest, rounds, numSampled });
    return result.ok ? sizeOptionsOutput(result.value) : result.error;
  }
  throw new UnsupportedCase(`unknown BRAVO function ${fn}`);
}

/** Size options in Arlo's output shape. */
export function sizeOptionsOutput(options: SizeOptions): unknown {
  return Object.fromEntries(
    Object.entries(options).map(([k, o]) => [k, { type: o.type, size: o.size, prob: o.prob }]),
  );
}

function lowLevel(item: Json): unknown {
  const fn = str(item['function']);
  const i = obj(item['inputs']);
  const pair = {
    alpha: num(i['alpha']),
    pW: num(i['p_w']),
    pL: num(i['p_r']),
    sampleW: num(i['sample_w']),
    sampleL: num(i['sample_r']),
  };
  if (fn.endsWith('bravo_sample_sizes')) {
    return bravoQuantileSize(pair, num(i['p_completion']), num(i['total_ballots']));
  }
  if (fn.endsWith('expected_prob')) return bravoExpectedProb(pair, num(i['asn']));
  throw new UnsupportedCase(`unknown BRAVO low-level function ${fn}`);
}
