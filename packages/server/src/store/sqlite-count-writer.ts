import type { Database, Statement } from 'better-sqlite3';
import type { CountBatch, FactRecord, SubmissionSink } from '@canvass/core';

const ROWS_PER_STATEMENT = 128;
const COUNT_COLUMNS = 9;

/**
 * Appends a submission's counts with multi-row prepared statements on the raw SQLite handle.
 * This is the ingest hot path: a query builder here would cost more than the insert itself.
 */
export class SqliteCountWriter implements SubmissionSink {
  readonly #submissionId: number;
  readonly #many: Statement;
  readonly #one: Statement;
  readonly #fact: Statement;
  readonly #args: (number | bigint)[] = new Array<number>(ROWS_PER_STATEMENT * COUNT_COLUMNS);
  #pending = 0;
  written = 0;

  constructor(db: Database, submissionId: number) {
    this.#submissionId = submissionId;
    const row = `(${new Array(COUNT_COLUMNS).fill('?').join(',')})`;
    const insert =
      'insert into counts (submission_id, position, unit, contest, target, line, vote_type, value, source_line) values ';
    this.#many = db.prepare(insert + new Array(ROWS_PER_STATEMENT).fill(row).join(','));
    this.#one = db.prepare(insert + row);
    this.#fact = db.prepare(
      'insert into facts (submission_id, unit, fact, vote_type, value, source_line) values (?, ?, ?, ?, ?, ?)',
    );
  }

  counts(batch: CountBatch): void {
    const args = this.#args;
    for (let i = 0; i < batch.length; i++) {
      const offset = this.#pending * COUNT_COLUMNS;
      args[offset] = this.#submissionId;
      args[offset + 1] = this.written++;
      args[offset + 2] = batch.unit[i] ?? 0;
      args[offset + 3] = batch.contest[i] ?? 0;
      args[offset + 4] = batch.target[i] ?? 0;
      args[offset + 5] = batch.line[i] ?? 0;
      args[offset + 6] = batch.voteType[i] ?? 0;
      args[offset + 7] = batch.value[i] ?? 0;
      args[offset + 8] = batch.sourceLine[i] ?? 0;
      if (++this.#pending === ROWS_PER_STATEMENT) {
        this.#many.run(args);
        this.#pending = 0;
      }
    }
  }

  facts(records: readonly FactRecord[]): void {
    for (const record of records) {
      this.#fact.run(
        this.#submissionId,
        record.unit,
        record.fact,
        record.voteType,
        record.value,
        record.sourceLine,
      );
    }
  }

  /** Writes what is still buffered. */
  flush(): void {
    for (let row = 0; row < this.#pending; row++) {
      this.#one.run(this.#args.slice(row * COUNT_COLUMNS, (row + 1) * COUNT_COLUMNS));
    }
    this.#pending = 0;
  }
}
