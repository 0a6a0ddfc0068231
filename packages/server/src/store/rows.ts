import type { Selectable } from 'kysely';
import type { ElectionsTable, SubmissionsTable } from './schema.ts';
import type { ElectionRecord, SubmissionRecord } from './store.ts';

/** An elections row as the API's record. */
export function toElection(row: Selectable<ElectionsTable>): ElectionRecord {
  return {
    id: row.id,
    name: row.name,
    date: row.date,
    state: row.state,
    type: row.type,
    definitionHash: row.definition_hash,
    version: row.version,
    createdAt: row.created_at,
  };
}

/** A submissions row as the API's record. */
export function toSubmission(row: Selectable<SubmissionsTable>): SubmissionRecord {
  return {
    id: row.id,
    electionId: row.election_id,
    definitionHash: row.definition_hash,
    format: row.format,
    sourceName: row.source_name,
    sourceSha256: row.source_sha256,
    byteSize: row.byte_size,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    options: JSON.parse(row.options) as Record<string, unknown>,
    rows: row.rows,
    counts: row.counts,
    warnings: JSON.parse(row.warnings) as SubmissionRecord['warnings'],
  };
}
