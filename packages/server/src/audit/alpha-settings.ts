import {
  fixedAlternativeMean,
  optimalComparison,
  shrinkTrunc,
  type Estimator,
} from '@canvass/core';
import { z } from 'zod';
import { refuse } from './audit-errors.ts';

/** Shrink-trunc's default prior weight d, in draws (SHANGRLA's default). */
export const DEFAULT_SHRINK_D = 100;

/** The optimal-comparison estimator's default rate of 2-vote overstatements. */
export const DEFAULT_P2 = 1e-5;

/**
 * How ALPHA chooses η_j, the alternative mean it bets on before draw j:
 * - `fixed`: the constant `eta`;
 * - `shrink-trunc`: the running mean shrunk toward a prior `eta0` with weight `d` draws
 *   (`eta0: 'reported'`, the default, is the assorter mean the reported results give);
 * - `optimal-comparison` (comparison audits only): the constant that is optimal when 2-vote
 *   overstatements occur at rate `p2`.
 */
export type AlphaEstimatorSetting =
  | { readonly kind: 'fixed'; readonly eta: number }
  | { readonly kind: 'shrink-trunc'; readonly d: number; readonly eta0: 'reported' | number }
  | { readonly kind: 'optimal-comparison'; readonly p2: number };

/** A required share of the valid votes as an exact ratio, e.g. 2/3. */
export interface Share {
  readonly numerator: number;
  readonly denominator: number;
}

/** An ALPHA audit's settings, stored with the audit and recorded in its `audit-created` step. */
export interface AlphaSettings {
  readonly estimator: AlphaEstimatorSetting;
  /** Contests that need more than a share of the valid votes, by contest id. */
  readonly supermajority: Readonly<Record<string, Share>>;
}

/** The create request's ALPHA estimator, as the API and the CLI accept it. */
export const AlphaEstimatorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), eta: z.number() }).strict(),
  z
    .object({
      kind: z.literal('shrink-trunc'),
      d: z.number().int().optional(),
      eta0: z.union([z.literal('reported'), z.number()]).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('optimal-comparison'), p2: z.number().optional() }).strict(),
]);

/** A required share as the API accepts it: `"2/3"` or `{ numerator, denominator }`. */
export const ShareSchema = z.union([
  z.string(),
  z.object({ numerator: z.number().int(), denominator: z.number().int() }).strict(),
]);

/** The create request's estimator input. */
export type AlphaEstimatorInput = z.infer<typeof AlphaEstimatorSchema>;

/** The default estimator of a method: shrink-trunc (d 100, prior the reported mean) or optimal comparison. */
export function defaultEstimator(
  method: 'alpha-polling' | 'alpha-comparison',
): AlphaEstimatorSetting {
  return method === 'alpha-polling'
    ? { kind: 'shrink-trunc', d: DEFAULT_SHRINK_D, eta0: 'reported' }
    : { kind: 'optimal-comparison', p2: DEFAULT_P2 };
}

/**
 * Checks an estimator for a method and fills in its defaults; refuses (bad-request) what cannot
 * be used. `maxEta` is the smallest upper bound u of the audit's assorters known at creation (1
 * for plurality polling, 1/(2f) for a supermajority share f; 1 for comparison, whose bound is at
 * least 1): a fixed η or a prior must lie strictly between ½ and it.
 */
export function resolveEstimator(
  method: 'alpha-polling' | 'alpha-comparison',
  input: AlphaEstimatorInput | undefined,
  maxEta: number,
): AlphaEstimatorSetting {
  if (input === undefined) return defaultEstimator(method);
  const between = (name: string, v: number) => {
    if (!(Number.isFinite(v) && v > 0.5 && v < maxEta))
      refuse(
        'bad-request',
        `estimator ${name} must be more than 1/2 and less than ${formatNumber(maxEta)} (the assorter's upper bound); got ${String(v)}`,
      );
  };
  if (input.kind === 'fixed') {
    between('eta', input.eta);
    return { kind: 'fixed', eta: input.eta };
  }
  if (input.kind === 'shrink-trunc') {
    const d = input.d ?? DEFAULT_SHRINK_D;
    if (!Number.isInteger(d) || d < 1 || d > 1_000_000)
      refuse(
        'bad-request',
        `estimator d must be a whole number of draws from 1 to 1000000; got ${String(d)}`,
      );
    const eta0 = input.eta0 ?? 'reported';
    if (eta0 !== 'reported') between('eta0', eta0);
    return { kind: 'shrink-trunc', d, eta0 };
  }
  if (method !== 'alpha-comparison')
    refuse('bad-request', 'the optimal-comparison estimator is for alpha-comparison audits');
  const p2 = input.p2 ?? DEFAULT_P2;
  if (!(Number.isFinite(p2) && p2 >= 0 && p2 < 0.5))
    refuse(
      'bad-request',
      `estimator p2 must be a rate from 0 up to (not including) 1/2; got ${String(p2)}`,
    );
  return { kind: 'optimal-comparison', p2 };
}

/**
 * Reads a required share: `"2/3"`, `"0.6"` is refused (give a ratio), `{ numerator,
 * denominator }`. It must be at least 1/2 and less than 1; the ratio is kept in lowest terms.
 * @example parseShare('2/3') // { numerator: 2, denominator: 3 }
 */
export function parseShare(input: z.infer<typeof ShareSchema>, where: string): Share {
  let n: number;
  let d: number;
  if (typeof input === 'string') {
    const m = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(input);
    if (m === null)
      refuse(
        'bad-request',
        `${where}: the required share is a ratio of whole numbers such as 2/3; got "${input}"`,
      );
    n = Number(m[1]);
    d = Number(m[2]);
  } else {
    n = input.numerator;
    d = input.denominator;
  }
  if (!(Number.isSafeInteger(n) && Number.isSafeInteger(d) && d > 0 && n > 0))
    refuse(
      'bad-request',
      `${where}: the required share needs a positive numerator and denominator`,
    );
  if (2 * n < d || n >= d)
    refuse(
      'bad-request',
      `${where}: the required share must be at least 1/2 and less than 1; got ${String(n)}/${String(d)}`,
    );
  const g = gcd(n, d);
  return { numerator: n / g, denominator: d / g };
}

/** True when `votes` is more than the share of `valid` votes, exactly: votes·den > num·valid. */
export function exceedsShare(votes: number, valid: number, share: Share): boolean {
  return BigInt(votes) * BigInt(share.denominator) > BigInt(share.numerator) * BigInt(valid);
}

/** The share as a number f. */
export function shareValue(share: Share): number {
  return share.numerator / share.denominator;
}

/** The estimator for a test, given the reported assorter mean (the default prior). */
export function estimatorFor(setting: AlphaEstimatorSetting, reportedMean: number): Estimator {
  switch (setting.kind) {
    case 'fixed':
      return fixedAlternativeMean(setting.eta);
    case 'shrink-trunc':
      return shrinkTrunc({
        eta: setting.eta0 === 'reported' ? reportedMean : setting.eta0,
        d: setting.d,
      });
    case 'optimal-comparison':
      return optimalComparison(setting.p2);
  }
}

/** The estimator in words, for the ledger and the observer page. */
export function describeEstimator(setting: AlphaEstimatorSetting): string {
  switch (setting.kind) {
    case 'fixed':
      return `fixed: η = ${String(setting.eta)} for every draw`;
    case 'shrink-trunc':
      return `shrink-trunc: running mean shrunk toward ${setting.eta0 === 'reported' ? 'the reported assorter mean' : `η0 = ${String(setting.eta0)}`} with weight d = ${String(setting.d)} draws, f = 0`;
    case 'optimal-comparison':
      return `optimal comparison: constant η optimal for 2-vote overstatements at rate p2 = ${String(setting.p2)}`;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}
