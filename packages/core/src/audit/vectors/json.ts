// Narrowing helpers for vector JSON, which arrives as `unknown`. A malformed vector is a bug in
// the vector file, so these throw rather than return a Result.

/** A JSON object. */
export type Json = Readonly<Record<string, unknown>>;

/** The value as a JSON object. */
export function obj(value: unknown, what = 'value'): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what}: expected an object`);
  }
  return value as Json;
}

/** The value as an array. */
export function arr(value: unknown, what = 'value'): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${what}: expected an array`);
  return value;
}

/** The value as a number ("Infinity"/"NaN" strings decoded). */
export function num(value: unknown, what = 'value'): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity' || value === 'inf') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === 'NaN') return Number.NaN;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  throw new TypeError(`${what}: expected a number`);
}

/** The value as a string. */
export function str(value: unknown, what = 'value'): string {
  if (typeof value !== 'string') throw new TypeError(`${what}: expected a string`);
  return value;
}

/** The value as a boolean. */
export function bool(value: unknown, what = 'value'): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what}: expected a boolean`);
  return value;
}

/** `[name, number]` pairs as entries. */
export function pairs(value: unknown, what = 'value'): [string, number][] {
  return arr(value, what).map((p) => {
    const [name, n] = arr(p, what);
    return [str(name, what), num(n, what)];
  });
}
