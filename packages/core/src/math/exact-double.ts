// Arlo does its size arithmetic in Python Decimal built from floats, i.e. on the exact binary
// values of the doubles. Where a ceiling lands on an integer boundary, double rounding can differ
// from that exact value by one; these helpers decide such boundaries exactly with BigInt.

/** The exact value of a finite double as numerator / 2^shift. */
export function exactDouble(x: number): { readonly numerator: bigint; readonly shift: bigint } {
  if (!Number.isFinite(x)) throw new RangeError('exactDouble: finite numbers only');
  let shift = 0n;
  let m = x;
  // Doubling is exact, so this finds m·2^shift integral in at most 1074 steps.
  while (!Number.isInteger(m)) {
    m *= 2;
    shift++;
  }
  return { numerator: BigInt(m), shift };
}

/**
 * ⌈n / (a + b)⌉ computed on the exact values of the doubles `a` and `b` (n an integer ≥ 0).
 * @example ceilDivExactSum(440, 0.3, 0.25) // 801, since 0.3 is slightly below 3/10 in binary
 */
export function ceilDivExactSum(n: number, a: number, b: number): number {
  const ea = exactDouble(a);
  const eb = exactDouble(b);
  const shift = ea.shift > eb.shift ? ea.shift : eb.shift;
  const den = (ea.numerator << (shift - ea.shift)) + (eb.numerator << (shift - eb.shift));
  const num = BigInt(n) << shift;
  const q = num / den;
  return Number(q * den === num ? q : q + 1n);
}
