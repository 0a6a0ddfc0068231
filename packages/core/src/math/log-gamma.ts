// ln Γ(x) for x > 0 from the Lanczos approximation (g = 7, nine terms; Lanczos 1964), with the
// reflection formula below 1/2. Relative accuracy ~1e-15, enough for the binomial terms below,
// which use Loader's saddle-point form for large n rather than differences of ln Γ.

const G = 7;
const C = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Natural log of the gamma function, for x > 0.
 * @example logGamma(5) // ≈ Math.log(24)
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return Number.NaN;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = C[0] as number;
  for (let i = 1; i < C.length; i++) sum += (C[i] as number) / (z + i);
  const t = z + G + 0.5;
  return HALF_LN_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
