/** The population a sequential test of the mean draws from. */
export interface MeanTestSetting {
  /** Population size; `Infinity` means sampling with replacement. */
  readonly N: number;
  /** The hypothesised mean under the null (H0: mean ≤ t). */
  readonly t: number;
  /** Upper bound of the values. */
  readonly u: number;
}

/** Machine epsilon: SHANGRLA's default `eps` for keeping η strictly inside (μ, u). */
export const EPSILON = 2.220446049250313e-16;

/**
 * μ_j, the population mean of the values not yet drawn if H0 holds with mean exactly t:
 * (N t − S_{j−1}) / (N − j + 1), or t with replacement. Index 0 is j = 1.
 * @example nullMeans([1, 0], { N: 4, t: 0.5, u: 1 }) // [0.5, 1/3]
 */
export function nullMeans(x: readonly number[], setting: MeanTestSetting): Float64Array {
  const { N, t } = setting;
  const n = x.length;
  const m = new Float64Array(n);
  if (!Number.isFinite(N)) return m.fill(t);
  let s = 0;
  for (let j = 0; j < n; j++) {
    m[j] = (N * t - s) / (N - j);
    s += x[j] as number;
  }
  return m;
}

/** numpy.isclose(a, b) with numpy's default tolerances. */
export function isClose(a: number, b: number, rtol = 1e-5, atol = 1e-8): boolean {
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}
