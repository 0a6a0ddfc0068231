import type { AuditMathError } from '../contest.ts';

/** A case the runner cannot compute (e.g. it needs numpy's bit-exact RNG streams). */
export class UnsupportedCase extends Error {
  override readonly name = 'UnsupportedCase';
}

/** Turns a thrown error into the vectors' `{ type, message }` shape. */
export function errorOutput(error: unknown): AuditMathError {
  if (error instanceof UnsupportedCase) return { type: 'Unsupported', message: error.message };
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { type: 'Error', message: String(error) };
}
