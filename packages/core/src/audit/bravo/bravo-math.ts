import { binomialQuantile } from '../../math/binomial.ts';
import { ceilDivExactSum } from '../../math/exact-double.ts';
import { normalCdf, normalQuantile } from '../../math/normal.ts';

// BRAVO (Lindeman, Stark & Yates 2012) for one winner/loser pair. Shares are of ballot cards
// (p_w, p_l); s = p_w / (p_w + p_l) is the winner's share of the pair's relevant ballots. Each
// sampled winner vote multiplies the test statistic T by 2s, each loser vote by 2 − 2s.

/** ln T after `sampleW` winner and `sampleL` loser votes, for winner share `s` of the pair. */
export function bravoLogStatistic(s: number, sampleW: number, sampleL: number): number {
  // 0 · ln 0 is 0 here: a loser with no reported votes and none sampled leaves T alone.
  const w = sampleW === 0 ? 0 : sampleW * Math.log(2 * s);
  const l = sampleL === 0 ? 0 : sampleL * Math.log(2 - 2 * s);
  return w + l;
}

/** Inputs shared by the BRAVO size functions. */
export interface BravoPairInput {
  /** Risk limit as a fraction. */
  readonly alpha: number;
  /** Winner's reported share of ballot cards. */
  readonly pW: number;
  /** Loser's reported share of ballot cards. */
  readonly pL: number;
  /** Winner votes already sampled. */
  readonly sampleW: number;
  /** Loser votes already sampled. */
  readonly sampleL: number;
}

/**
 * Wald's average sample number for the pair, in ballots:
 * ⌈(ln(1/(αT)) + z_w/2) / (p_w z_w + p_l z_l)⌉ with z_w = ln 2s, z_l = ln(2 − 2s).
 * @example bravoAsn({ alpha: 0.1, pW: 0.6, pL: 0.4, sampleW: 0, sampleL: 0 }) // 119
 */
export function bravoAsn(input: BravoPairInput): number {
  const { alpha, pW, pL } = input;
  const s = pW / (pW + pL);
  const zW = Math.log(2 * s);
  const zL = Math.log(2 - 2 * s);
  const logT = bravoLogStatistic(s, input.sampleW, input.sampleL);
  return Math.ceil((-Math.log(alpha) - logT + zW / 2) / (pW * zW + pL * zL));
}

/**
 * Normal approximation of the chance that `draws` more ballots finish the audit for the pair,
 * rounded to two decimals (the probability shown beside the ASN option).
 * @example bravoExpectedProb({ alpha: 0.05, pW: 0.6, pL: 0.4, sampleW: 0, sampleL: 0 }, 50) // 0.08
 */
export function bravoExpectedProb(input: BravoPairInput, draws: number): number {
  const { alpha, pW, pL } = input;
  const s = pW / (pW + pL);
  const plus = Math.log(2 * s);
  const minus = Math.log(2 - 2 * s);
  const relevant = draws * (pW + pL);
  const need =
    -Math.log(alpha) - bravoLogStatistic(s, input.sampleW, input.sampleL) - relevant * minus;
  const kNeeded = need / (plus - minus);
  const sd = Math.sqrt(relevant * s * (1 - s));
  const prob = 1 - normalCdf((kNeeded - relevant * s) / sd);
  return Math.round(prob * 100) / 100;
}

/**
 * Mark Lindeman's analytic quantile size: the ballots to draw so that the audit finishes with
 * probability `quantile` if the reported shares are right. A normal approximation gives the
 * starting n (relevant ballots); n then grows until the (1 − q) binomial quantile of winner votes
 * clears the threshold, or reaches `totalBallots`.
 * @example bravoQuantileSize({ alpha: 0.05, pW: 0.6, pL: 0.4, sampleW: 0, sampleL: 0 }, 0.7, 1e7) // 226
 */
export function bravoQuantileSize(
  input: BravoPairInput,
  quantile: number,
  totalBallots: number,
): number {
  const { alpha, pW, pL } = input;
  const p2 = pW / (pW + pL);
  const plus = Math.log(2 * p2);
  const minus = Math.log(2 - 2 * p2);
  const threshold = -Math.log(alpha) - (input.sampleW * plus + input.sampleL * minus);
  if (threshold <= 0) return 0;
  // x (winner votes in n) must reach R(n) = a + b n; match R(n) with E[x] − Φ⁻¹(q)·sd(x).
  const a = threshold / (plus - minus);
  const b = -minus / (plus - minus);
  const c = p2 - b;
  const z = -normalQuantile(quantile);
  const sd1 = Math.sqrt(p2 * (1 - p2));
  // (c n − a)² = z² sd1² n: a quadratic in n whose larger root is the q > ½ solution.
  const B = 2 * a * c + z * z * sd1 * sd1;
  const disc = Math.sqrt(Math.max(0, B * B - 4 * c * c * a * a));
  let n =
    quantile > 0.5
      ? Math.floor((B + disc) / (2 * c * c))
      : quantile < 0.5
        ? Math.floor((B - disc) / (2 * c * c))
        : Math.floor(a / c);
  n = Math.max(n, 0);
  // Test the cap first: for razor-thin margins the start is far beyond the contest, and a
  // quantile at n ~ 1e13 would be needlessly expensive.
  while (n < totalBallots) {
    const x = binomialQuantile(1 - quantile, n, p2);
    if (x * plus + (n - x) * minus >= threshold) break;
    n++;
  }
  // Arlo divides by the exact binary p_w + p_r (Decimal of floats); 440 / (0.3 + 0.25) is 801.
  return ceilDivExactSum(n, pW, pL);
}
