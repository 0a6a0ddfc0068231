/** The outcome of an operation that can fail in an expected way (a bad row, an unknown precinct). */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/**
 * Wraps a success.
 * @example ok(3) // { ok: true, value: 3 }
 */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/**
 * Wraps an expected failure.
 * @example err('bad row') // { ok: false, error: 'bad row' }
 */
export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
