import type { SourceError, SourceWarning } from '../../model/submission.ts';

/** The closed set of error codes the document importers (NIST, Clarity) report. */
export type DocumentErrorCode =
  | 'encoding'
  | 'empty-file'
  | 'malformed'
  | 'schema'
  | 'duplicate-id'
  | 'unresolved-reference'
  | 'root-unit'
  | 'unit-tree'
  | 'fractional-count'
  | 'negative-count'
  | 'non-numeric-count'
  | 'timestamp-zone'
  | 'date-format'
  | 'unknown-vote-type'
  | 'duplicate-count'
  | 'unknown-precinct'
  | 'unknown-contest'
  | 'unknown-choice'
  | 'unit-not-in-contest'
  | 'invalid-definition'
  | 'unsupported-format'
  | 'inconsistent-total';

/**
 * Collects the errors and warnings of one document, keeping at most `maxErrors` errors (all are
 * counted) and one warning per distinct message.
 */
export class DocumentLog {
  readonly file: string;
  readonly errors: SourceError[] = [];
  readonly warnings: SourceWarning[] = [];
  errorCount = 0;
  readonly #maxErrors: number;
  readonly #warned = new Set<string>();

  constructor(file: string, maxErrors = 1000) {
    this.file = file;
    this.#maxErrors = maxErrors;
  }

  /** Records an error at a line (XML) and field (a path or attribute). */
  error(line: number | null, field: string | null, code: DocumentErrorCode, reason: string): void {
    this.errorCount++;
    if (this.errors.length < this.#maxErrors)
      this.errors.push({ file: this.file, line, column: field, code, reason });
  }

  /** Records a warning once. */
  warn(line: number | null, field: string | null, code: string, message: string): void {
    const key = `${code}\u0000${message}`;
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.warnings.push({ file: this.file, line, column: field, code, message });
  }
}
