import { assert, assertNever } from '../util/assert.ts';
import { largestIntegerWithin, parsePercent, type Comparator, type Rational } from './rational.ts';
import type { Denominator } from './recount-scope.ts';
import type { RuleTest } from './rules-schema.ts';

/** The condition that sets a threshold: an absolute number of votes, or a share of a total. */
export type BindingCondition =
  | { readonly kind: 'votes'; readonly votes: bigint; readonly cmp: Comparator }
  | {
      readonly kind: 'share';
      /** The percentage as written in the rule, e.g. "0.5". */
      readonly pct: string;
      readonly of: Denominator;
      readonly denominator: Rational;
      readonly cmp: Comparator;
    };

/**
 * The largest margin that satisfies a test, given the contest's totals: `never` when no margin
 * does (a bound on the totals fails), `always` when every margin does (a bare bound holds).
 */
export type Threshold =
  | { readonly kind: 'never' }
  | { readonly kind: 'always' }
  | { readonly kind: 'up-to'; readonly votes: bigint; readonly binding: BindingCondition };

/** The outcome of a rule's test for one contest. */
export interface RuleTestOutcome {
  readonly triggered: boolean;
  readonly threshold: Threshold;
}

const NEVER: Threshold = { kind: 'never' };
const ALWAYS: Threshold = { kind: 'always' };

function upTo(votes: bigint, binding: BindingCondition): Threshold {
  // A negative bound (e.g. "less than 0.5% of 0 votes") admits no margin at all.
  return votes < 0n ? NEVER : { kind: 'up-to', votes, binding };
}

function smaller(a: Threshold, b: Threshold): Threshold {
  if (a.kind === 'never' || b.kind === 'always') return a;
  if (b.kind === 'never' || a.kind === 'always') return b;
  return b.votes < a.votes ? b : a;
}

function larger(a: Threshold, b: Threshold): Threshold {
  if (a.kind === 'always' || b.kind === 'never') return a;
  if (b.kind === 'always' || a.kind === 'never') return b;
  return b.votes > a.votes ? b : a;
}

/**
 * Evaluates a rule's trigger test in integers only. "margin <= p% of D" is tested as
 * `margin * den(p) * den(D) <= num(p) * num(D)` and its threshold is `floor(p * D)`; for "less
 * than" the threshold is `ceil(p * D) - 1`, the largest integer strictly below.
 * @example
 * evaluateRuleTest({ pct: '0.5', of: 'T_office', cmp: '<=' }, 21924n, () => ({ num: 1348720n, den: 1n }))
 * // { triggered: false, threshold: { kind: 'up-to', votes: 6743n, ... } }
 */
export function evaluateRuleTest(
  test: RuleTest,
  margin: bigint,
  denominator: (name: Denominator) => Rational,
): RuleTestOutcome {
  if ('votes' in test) {
    const votes = BigInt(test.votes);
    const triggered = test.cmp === '<=' ? margin <= votes : margin < votes;
    const bound = test.cmp === '<=' ? votes : votes - 1n;
    return { triggered, threshold: upTo(bound, { kind: 'votes', votes, cmp: test.cmp }) };
  }
  if ('pct' in test) {
    const share = parsePercent(test.pct);
    assert(share !== null, `unparsed percentage ${test.pct}`);
    const total = denominator(test.of);
    const left = margin * share.den * total.den;
    const right = share.num * total.num;
    const triggered = test.cmp === '<=' ? left <= right : left < right;
    const product = { num: share.num * total.num, den: share.den * total.den };
    return {
      triggered,
      threshold: upTo(largestIntegerWithin(product, test.cmp), {
        kind: 'share',
        pct: test.pct,
        of: test.of,
        denominator: total,
        cmp: test.cmp,
      }),
    };
  }
  if ('all' in test) {
    const outcomes = test.all.map((child) => evaluateRuleTest(child, margin, denominator));
    return {
      triggered: outcomes.every((outcome) => outcome.triggered),
      threshold: outcomes.map((outcome) => outcome.threshold).reduce(smaller, ALWAYS),
    };
  }
  if ('any' in test) {
    const outcomes = test.any.map((child) => evaluateRuleTest(child, margin, denominator));
    return {
      triggered: outcomes.some((outcome) => outcome.triggered),
      threshold: outcomes.map((outcome) => outcome.threshold).reduce(larger, NEVER),
    };
  }
  if ('total' in test) {
    const holds = totalWithin(denominator(test.total), test.min, test.max);
    return { triggered: holds, threshold: holds ? ALWAYS : NEVER };
  }
  return assertNever(test, 'unknown rule test');
}

/** Whether an exact total lies within optional integer bounds. */
export function totalWithin(total: Rational, min?: number, max?: number): boolean {
  if (min !== undefined && total.num < BigInt(min) * total.den) return false;
  if (max !== undefined && total.num > BigInt(max) * total.den) return false;
  return true;
}
