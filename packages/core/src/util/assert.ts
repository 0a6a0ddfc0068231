/** Throws when a condition that the code guarantees does not hold: a bug, never bad input. */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new Error(message);
}

/** Makes a switch over a closed union exhaustive at compile time. */
export function assertNever(value: never, message = 'unexpected value'): never {
  throw new Error(`${message}: ${JSON.stringify(value)}`);
}
