// Small dense symmetric positive-definite systems (about a hundred unknowns): the normal
// equations of the projection model. Row-major Float64Array, n x n.

/**
 * Replaces the lower triangle of `a` by its Cholesky factor L (a = L Lᵀ) and zeroes the upper
 * triangle. Throws when `a` is not positive definite, which the model's priors rule out.
 * @example const l = choleskyInPlace(Float64Array.of(4, 2, 2, 3), 2)
 */
export function choleskyInPlace(a: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) diagonal -= (a[j * n + k] ?? 0) ** 2;
    if (!(diagonal > 0)) throw new Error(`matrix is not positive definite at column ${j}`);
    const root = Math.sqrt(diagonal);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let value = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) value -= (a[i * n + k] ?? 0) * (a[j * n + k] ?? 0);
      a[i * n + j] = value / root;
    }
    for (let i = 0; i < j; i++) a[i * n + j] = 0;
  }
  return a;
}

/**
 * Solves L y = b (forward substitution) into a new array.
 * @example forwardSolve(l, 2, Float64Array.of(1, 1))
 */
export function forwardSolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let value = b[i] ?? 0;
    for (let k = 0; k < i; k++) value -= (l[i * n + k] ?? 0) * (y[k] ?? 0);
    y[i] = value / (l[i * n + i] ?? 1);
  }
  return y;
}

/**
 * Solves Lᵀ x = y (back substitution) into a new array. With L from {@link choleskyInPlace} of
 * A, `backSolve(l, n, z)` for standard normal z is a draw with covariance A⁻¹.
 * @example backSolve(l, 2, forwardSolve(l, 2, b)) // A⁻¹ b
 */
export function backSolve(l: Float64Array, n: number, y: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let value = y[i] ?? 0;
    for (let k = i + 1; k < n; k++) value -= (l[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = value / (l[i * n + i] ?? 1);
  }
  return x;
}

/**
 * The inverse A⁻¹ of A = L Lᵀ, from its Cholesky factor L, as a new row-major array (for the
 * leverages of a fit): M = L⁻¹ by forward substitution, then A⁻¹ = Mᵀ M, about n³/3
 * multiplications in all.
 * @example inverseFromFactor(choleskyInPlace(Float64Array.of(4, 2, 2, 3), 2), 2)
 */
export function inverseFromFactor(l: Float64Array, n: number): Float64Array {
  // M = L⁻¹, lower triangular, row by row: M[i][j] = −(Σ_{j≤k<i} L[i][k] M[k][j]) / L[i][i].
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const diagonal = l[row + i] ?? 1;
    for (let k = 0; k < i; k++) {
      const factor = l[row + k] ?? 0;
      if (factor === 0) continue;
      const from = k * n;
      for (let j = 0; j <= k; j++) m[row + j] = (m[row + j] ?? 0) - factor * (m[from + j] ?? 0);
    }
    for (let j = 0; j < i; j++) m[row + j] = (m[row + j] ?? 0) / diagonal;
    m[row + i] = 1 / diagonal;
  }
  // A⁻¹ = Mᵀ M: A⁻¹[i][j] = Σ_k M[k][i] M[k][j], summed row k by row k (lower half, mirrored).
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const from = k * n;
    for (let i = 0; i <= k; i++) {
      const mi = m[from + i] ?? 0;
      if (mi === 0) continue;
      const row = i * n;
      for (let j = 0; j <= i; j++) out[row + j] = (out[row + j] ?? 0) + mi * (m[from + j] ?? 0);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j] ?? 0;
  return out;
}

/**
 * The transpose of a row-major n x n matrix, as a new array (Lᵀ for {@link upperSolveInto}).
 * @example transpose(Float64Array.of(1, 0, 2, 3), 2) // [1, 2, 0, 3]
 */
export function transpose(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j] ?? 0;
  return out;
}

/**
 * Solves U x = y for an upper triangular U (row-major) into `out`, reading U along its rows
 * (with U = Lᵀ it solves what {@link backSolve}(L, n, y) solves, without reading L down its
 * columns or allocating). Each dot product runs in four partial sums, so the additions do not
 * wait on one another.
 * @example upperSolveInto(transpose(l, 2), 2, z, out)
 */
export function upperSolveInto(
  u: Float64Array,
  n: number,
  y: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    const row = i * n;
    let a0 = y[i] ?? 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let k = i + 1;
    for (; k + 3 < n; k += 4) {
      a0 -= (u[row + k] ?? 0) * (out[k] ?? 0);
      a1 -= (u[row + k + 1] ?? 0) * (out[k + 1] ?? 0);
      a2 -= (u[row + k + 2] ?? 0) * (out[k + 2] ?? 0);
      a3 -= (u[row + k + 3] ?? 0) * (out[k + 3] ?? 0);
    }
    for (; k < n; k++) a0 -= (u[row + k] ?? 0) * (out[k] ?? 0);
    out[i] = (a0 + a1 + (a2 + a3)) / (u[row + i] ?? 1);
  }
  return out;
}
