import type { AuditedContest, BallotInterpretation, ManifestBatchRow } from '@canvass/core';
import type { AuditDb } from './audit-tables.ts';
import { refuse } from './audit-errors.ts';

/** The audit methods the workflow runs. */
export type AuditMethod = 'bravo' | 'supersimple';

/** An audit as stored (contests without ballots: those come from the manifest). */
export interface AuditRecord {
  readonly id: string;
  readonly electionId: string;
  readonly name: string;
  readonly method: AuditMethod;
  readonly riskLimit: number;
  readonly contests: readonly Omit<AuditedContest, 'ballots'>[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly seed: string | null;
}

/** One stored draw. */
export interface DrawRecord {
  readonly seq: number;
  readonly round: number;
  readonly county: string;
  readonly tabulator: string | null;
  readonly batch: string;
  readonly position: number;
  readonly ticket: string;
  readonly generation: number;
  readonly ballotKey: string;
}

/** Reads an audit, or refuses with not-found. */
export async function readAudit(db: AuditDb, auditId: string): Promise<AuditRecord> {
  const row = await db
    .selectFrom('audits')
    .selectAll()
    .where('id', '=', auditId)
    .executeTakeFirst();
  if (row === undefined) refuse('not-found', `no audit ${auditId}`);
  return {
    id: row.id,
    electionId: row.election_id,
    name: row.name,
    method: row.method === 'supersimple' ? 'supersimple' : 'bravo',
    riskLimit: row.risk_limit,
    contests: JSON.parse(row.contests) as AuditRecord['contests'],
    createdBy: row.created_by,
    createdAt: row.created_at,
    seed: row.seed,
  };
}

/** The audit's manifest, in file order (empty before it is imported). */
export async function readManifest(db: AuditDb, auditId: string): Promise<ManifestBatchRow[]> {
  const rows = await db
    .selectFrom('audit_manifest_batches')
    .selectAll()
    .where('audit_id', '=', auditId)
    .orderBy('line')
    .execute();
  return rows.map((r) => ({
    county: r.county,
    tabulator: r.tabulator,
    batch: r.batch,
    ballots: r.ballots,
  }));
}

/** Every draw, in stream order. */
export async function readDraws(db: AuditDb, auditId: string): Promise<DrawRecord[]> {
  const rows = await db
    .selectFrom('audit_draws')
    .selectAll()
    .where('audit_id', '=', auditId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    round: r.round,
    county: r.county,
    tabulator: r.tabulator,
    batch: r.batch,
    position: r.position,
    ticket: r.ticket,
    generation: r.generation,
    ballotKey: r.ballot_key,
  }));
}

/** The latest interpretation of each entered ballot (a correction is a later entry). */
export async function readInterpretations(
  db: AuditDb,
  auditId: string,
): Promise<Map<string, BallotInterpretation>> {
  const rows = await db
    .selectFrom('audit_entries')
    .select(['ballot_key', 'interpretation'])
    .where('audit_id', '=', auditId)
    .orderBy('id')
    .execute();
  return new Map(
    rows.map((r) => [r.ballot_key, JSON.parse(r.interpretation) as BallotInterpretation]),
  );
}

/** The cast vote records of a comparison audit, by ballot key (empty before import). */
export async function readCvrs(
  db: AuditDb,
  auditId: string,
): Promise<Map<string, Readonly<Record<string, readonly string[]>>>> {
  const rows = await db
    .selectFrom('audit_cvrs')
    .select(['ballot_key', 'votes'])
    .where('audit_id', '=', auditId)
    .execute();
  return new Map(
    rows.map((r) => [r.ballot_key, JSON.parse(r.votes) as Record<string, readonly string[]>]),
  );
}

/** Full hand counts entered, by contest id (choice id → votes). */
export async function readHandCounts(
  db: AuditDb,
  auditId: string,
): Promise<Map<string, Readonly<Record<string, number>>>> {
  const rows = await db
    .selectFrom('audit_hand_counts')
    .select(['contest_id', 'votes'])
    .where('audit_id', '=', auditId)
    .execute();
  return new Map(rows.map((r) => [r.contest_id, JSON.parse(r.votes) as Record<string, number>]));
}
