// Golden-section search: the maximiser of a unimodal function on an interval, to a tolerance.
// Used where the reference maximises a likelihood or a combined p-value numerically.

const INV_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * Maximises a unimodal `f` on [lo, hi]; returns the argument and the value.
 * @example maximizeUnimodal((x) => -(x - 1) ** 2, 0, 3).x // ≈ 1
 */
export function maximizeUnimodal(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tolerance = 1e-10,
): { readonly x: number; readonly value: number } {
  let a = lo;
  let b = hi;
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance * Math.max(1, Math.abs(a) + Math.abs(b))) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INV_PHI * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INV_PHI * (b - a);
      fd = f(d);
    }
  }
  const candidates = [
    { x: lo, value: f(lo) },
    { x: hi, value: f(hi) },
    { x: (a + b) / 2, value: f((a + b) / 2) },
  ];
  return candidates.reduce((best, p) => (p.value > best.value ? p : best));
}
