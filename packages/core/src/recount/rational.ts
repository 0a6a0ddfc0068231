/** An exact rational number: a numerator over a positive denominator, both integers. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** A comparison the recount statutes use: "not more than" (`<=`) or "less than" (`<`). */
export type Comparator = '<=' | '<';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Reads a percentage written as a decimal string as the exact fraction it stands for, so that a
 * statute's "one-half of one percent" is 1/200 and never the float 0.005.
 * @example parsePercent('0.5') // { num: 5n, den: 1000n } (= 1/200)
 */
export function parsePercent(text: string): Rational | null {
  const match = DECIMAL.exec(text);
  if (match === null) return null;
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  // "12.345" percent = 12345 / (1000 * 100).
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) * 100n };
}

/** `floor(a / b)` for integers with `b > 0` (BigInt division truncates towards zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** `ceil(a / b)` for integers with `b > 0`. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/**
 * Compares two rationals exactly by cross-multiplying.
 * @example compareRationals({ num: 1n, den: 3n }, { num: 2n, den: 6n }) // 0
 */
export function compareRationals(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The largest integer `m` with `m <= x` (`<=`) or `m < x` (`<`): the largest margin in votes
 * that still satisfies "margin cmp x".
 * @example largestIntegerWithin({ num: 67436n, den: 10n }, '<=') // 6743n
 */
export function largestIntegerWithin(x: Rational, cmp: Comparator): bigint {
  return cmp === '<=' ? floorDiv(x.num, x.den) : ceilDiv(x.num, x.den) - 1n;
}
