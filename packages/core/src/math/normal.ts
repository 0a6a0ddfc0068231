// Standard normal cdf, quantile (ppf) and inverse survival function (isf). The cdf uses the
// all-positive-terms series of erf for small |x| and the Lentz continued fraction of erfc in the
// tails, so tail probabilities keep full relative precision. The quantile refines a classic
// rational starting point (Abramowitz & Stegun 26.2.23) with Halley steps on that cdf.

const SQRT2 = Math.SQRT2;
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

/** erfc(x) for x ≥ 0 with full relative precision. */
function erfcNonNegative(x: number): number {
  if (x < 2) {
    // erf(x) = 2/√π e^{-x²} Σ 2^n x^{2n+1} / (1·3·…·(2n+1)); every term is positive.
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - 2 * INV_SQRT_PI * Math.exp(-x2) * sum;
  }
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), by modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

/**
 * Standard normal cdf Φ(x).
 * @example normalCdf(0) // 0.5
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const z = x / SQRT2;
  return z < 0 ? 0.5 * erfcNonNegative(-z) : 1 - 0.5 * erfcNonNegative(z);
}

/** Standard normal survival function 1 − Φ(x), precise in the upper tail. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal quantile Φ⁻¹(p) (scipy's `norm.ppf`).
 * @example normalQuantile(0.975) // ≈ 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Solve in the lower tail, where the cdf keeps relative precision, and mirror.
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

/**
 * Standard normal inverse survival function (scipy's `norm.isf`): x with 1 − Φ(x) = q.
 * @example normalIsf(0.025) // ≈ 1.959963984540054
 */
export function normalIsf(q: number): number {
  return -normalQuantile(q);
}

// x ≤ 0 with Φ(x) = p, for p ≤ 1/2.
function lowerQuantile(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
  );
  for (let i = 0; i < 6; i++) {
    const err = normalCdf(x) - p;
    const pdf = normalPdf(x);
    if (pdf === 0) break;
    const u = err / pdf;
    // Halley step: φ'/φ = −x.
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
