import type { Generated } from 'kysely';

/**
 * Submissions the reconciliation gate held for a second approver. The exact bytes are kept (gzip)
 * so that approval imports precisely what was submitted; a row is never deleted, only decided.
 */
export interface HeldSubmissionsTable {
  id: Generated<number>;
  election_id: string;
  format: string;
  source_name: string;
  source_sha256: string;
  byte_size: number;
  /** gzip of the exact submitted bytes. */
  source: Uint8Array;
  /** JSON: the import options chosen. */
  options: string;
  submitted_by: string;
  submitted_at: string;
  /** JSON array of the gate's findings. */
  reasons: string;
  /** `held`, `approved` or `rejected`. */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  /** The accepted submission an approval created. */
  submission_id: number | null;
}
