import type { SourceError } from '../model/submission.ts';

/**
 * Thrown by a source stream (e.g. {@link decodeUtf8}) when the file cannot be read at all, such
 * as bytes that are not UTF-8. Importers catch it and report its errors like any other, so the
 * caller sees one rejected submission rather than an exception.
 */
export class SourceFileError extends Error {
  readonly errors: readonly SourceError[];

  constructor(errors: readonly SourceError[]) {
    super(errors.map((error) => error.reason).join('; ') || 'unreadable source file');
    this.name = 'SourceFileError';
    this.errors = errors;
  }
}
