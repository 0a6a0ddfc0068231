import type { SourceError, SourceWarning } from '../../model/submission.ts';

/** The closed set of error codes the OpenElections importer reports. */
export type OpenElectionsErrorCode =
  | 'encoding'
  | 'empty-file'
  | 'no-rows'
  | 'missing-column'
  | 'duplicate-column'
  | 'malformed-row'
  | 'missing-value'
  | 'fractional-votes'
  | 'negative-votes'
  | 'non-numeric-votes'
  | 'duplicate-key'
  | 'county-total-row'
  | 'unknown-precinct'
  | 'unknown-contest'
  | 'unknown-choice'
  | 'unit-not-in-contest'
  | 'invalid-definition';

/** The closed set of warning codes the OpenElections importer reports. */
export type OpenElectionsWarningCode =
  | 'ignored-columns'
  | 'methods-disagree'
  | 'zero-registered-voters'
  | 'empty-votes'
  | 'thousands-separators'
  | 'derived-rows-ignored'
  | 'county-total-disagrees'
  | 'fact-conflict'
  | 'too-many-warnings';

/** At most this many warnings of one code are listed; the rest are summed up in one. */
const WARNINGS_PER_CODE = 50;

/**
 * Collects errors and warnings for one file, capping how many are kept (errors at `maxErrors`,
 * warnings per code) while counting them all.
 * @example const log = new MessageLog('a.csv', 1000); log.error(3, 'votes', 'fractional-votes', 'votes "1.5" ...');
 */
export class MessageLog {
  readonly file: string;
  readonly errors: SourceError[] = [];
  readonly warnings: SourceWarning[] = [];
  errorCount = 0;
  readonly #maxErrors: number;
  readonly #warningCounts = new Map<string, number>();

  constructor(file: string, maxErrors: number) {
    this.file = file;
    this.#maxErrors = maxErrors;
  }

  /** Records an error (kept while fewer than maxErrors are kept; always counted). */
  error(
    line: number | null,
    column: string | null,
    code: OpenElectionsErrorCode,
    reason: string,
  ): void {
    this.errorCount++;
    if (this.errors.length < this.#maxErrors)
      this.errors.push({ file: this.file, line, column, code, reason });
  }

  /** Adds errors found by a source stream, e.g. an encoding error. */
  adopt(errors: readonly SourceError[]): void {
    for (const error of errors) {
      this.errorCount++;
      if (this.errors.length < this.#maxErrors) this.errors.push(error);
    }
  }

  /** Records a warning. */
  warn(
    line: number | null,
    column: string | null,
    code: OpenElectionsWarningCode,
    message: string,
  ): void {
    const count = (this.#warningCounts.get(code) ?? 0) + 1;
    this.#warningCounts.set(code, count);
    if (count <= WARNINGS_PER_CODE)
      this.warnings.push({ file: this.file, line, column, code, message });
  }

  /** Adds one summary warning per code whose warnings were cut. */
  summarize(): void {
    for (const [code, count] of this.#warningCounts)
      if (count > WARNINGS_PER_CODE)
        this.warnings.push({
          file: this.file,
          line: null,
          column: null,
          code: 'too-many-warnings',
          message: `${count - WARNINGS_PER_CODE} more "${code}" warnings were not listed`,
        });
  }
}
