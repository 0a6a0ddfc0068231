import type { RoundTally } from '../bravo/bravo.ts';
import { minervaRisk, minervaSampleSizes } from '../minerva/minerva.ts';
import { providenceRisk } from '../minerva/providence.ts';
import type { AuditContest } from '../contest.ts';
import { sizeOptionsOutput } from './bravo-vectors.ts';
import { arr, num, obj, pairs, str, type Json } from './json.ts';
import { readContest } from './vector-contest.ts';
import { UnsupportedCase } from './vector-error.ts';

/** Computes one minerva.json case. */
export function runMinervaCase(c: Json): unknown {
  const fn = str(c['function']);
  const i = obj(c['inputs']);
  const alpha = num(i['risk_limit']) / 100;
  const contest = readContest(i['contest']);
  const rounds: RoundTally[] = (i['sample_results'] === null ? [] : arr(i['sample_results'])).map(
    (r) => Object.fromEntries(pairs(arr(r)[1])),
  );
  const roundSizes = (i['round_sizes'] === null ? [] : arr(i['round_sizes'])).map((r) =>
    num(obj(r)['round_size']),
  );
  if (fn.includes('providence')) return providenceCase(fn, alpha, contest, rounds, roundSizes);
  if (fn.endsWith('compute_risk')) {
    const risk = minervaRisk(alpha, contest, rounds);
    return {
      p_values: [{ winner: 'winner', loser: 'loser', p_value: risk.pValue }],
      finished: risk.finished,
    };
  }
  if (fn.endsWith('get_sample_size')) {
    const multiple = i['config.MINERVA_MULTIPLE'];
    const result = minervaSampleSizes({
      alpha,
      contest,
      roundSizes,
      ...(typeof multiple === 'number' ? { multiple } : {}),
    });
    return result.ok ? sizeOptionsOutput(result.value) : result.error;
  }
  throw new UnsupportedCase(`unknown MINERVA function ${fn}`);
}

function providenceCase(
  fn: string,
  alpha: number,
  contest: AuditContest,
  rounds: readonly RoundTally[],
  roundSizes: readonly number[],
): unknown {
  const risk = providenceRisk(alpha, contest, rounds);
  if (fn.includes('compute_risk')) {
    return {
      p_values: [{ winner: 'winner', loser: 'loser', p_value: risk.pValue }],
      finished: risk.finished,
    };
  }
  // Once the audit has met the risk limit the next size is the size already drawn.
  if (rounds.length > 0 && risk.finished) {
    const drawn = roundSizes.reduce((s, n) => s + n, 0);
    return Object.fromEntries(
      ['0.7', '0.8', '0.9'].map((q) => [q, { type: null, size: drawn, prob: Number(q) }]),
    );
  }
  throw new UnsupportedCase(
    'Providence first-round sizes (r2b2 next_sample_size search) are not implemented',
  );
}
