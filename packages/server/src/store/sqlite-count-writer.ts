import type { Database, Statement } from 'better-sqlite3';
import type { CountBatch, FactRecord, SubmissionSink } from '@canvass/core';
import { segmentRow } from './count-segments.ts';

/**
 * Appends a submission's counts as column segments on the raw SQLite handle: one prepared
 * insert per batch. This is the ingest hot path.
 */
export class SqliteCountWriter implements SubmissionSink {
  readonly #submissionId: number;
  readonly #segment: Statement;
  readonly #fact: Statement;
  #segments = 0;

  constructor(db: Database, submissionId: number) {
    this.#submissionId = submissionId;
    this.#segment = db.prepare(
      'insert into counts (submission_id, segment, length, unit, contest, target, line, vote_type, value, source_line) ' +
        'values (@submission_id, @segment, @length, @unit, @contest, @target, @line, @vote_type, @value, @source_line)',
    );
    this.#fact = db.prepare(
      'insert into facts (submission_id, unit, fact, vote_type, value, source_line) values (?, ?, ?, ?, ?, ?)',
    );
  }

  counts(batch: CountBatch): void {
    if (batch.length === 0) return;
    this.#segment.run(segmentRow(this.#submissionId, this.#segments++, batch));
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

  /** Nothing is buffered: each batch is written as it arrives. */
  flush(): void {
    return undefined;
  }
}
