import type { AuditedContest, BallotInterpretation, ManifestBatchRow } from '@canvass/core';
import type { AuditDb } from './audit-tables.ts';
import { refuse } from './audit-errors.ts';
import { batchKeyOf, type BatchContestTally } from './macro-audit.ts';
import type { AlphaSettings } from './alpha-settings.ts';

/** The audit methods the workflow runs. */
export const AUDIT_METHODS = [
  'bravo',
  'supersimple',
  'macro',
  'alpha-polling',
  'alpha-comparison',
] as const;

/** One of {@link AUDIT_METHODS}. */
export type AuditMethod = (typeof AUDIT_METHODS)[number];

/** Whether a method compares sampled ballots with cast vote records. */
export function usesCvrs(method: AuditMethod): boolean {
  return method === 'supersimple' || method === 'alpha-comparison';
}

/** Whether a method samples whole batches (and compares them with reported batch tallies). */
export function samplesBatches(method: AuditMethod): boolean {
  return method === 'macro';
}

function asMethod(text: string): AuditMethod {
  return (AUDIT_METHODS as readonly string[]).includes(text) ? (text as AuditMethod) : 'bravo';
}

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
  /** An ALPHA audit's estimator and required shares (null for other methods). */
  readonly alpha: AlphaSettings | null;
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
    method: asMethod(row.method),
    riskLimit: row.risk_limit,
    contests: JSON.parse(row.contests) as AuditRecord['contests'],
    createdBy: row.created_by,
    createdAt: row.created_at,
    seed: row.seed,
    alpha: row.settings === null ? null : (JSON.parse(row.settings) as AlphaSettings),
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

/** The reported batch tallies of a batch-comparison audit, by batch key (empty before import). */
export async function readBatchTallies(
  db: AuditDb,
  auditId: string,
): Promise<Map<string, BatchContestTally>> {
  const rows = await db
    .selectFrom('audit_batch_tallies')
    .selectAll()
    .where('audit_id', '=', auditId)
    .orderBy('seq')
    .execute();
  return new Map(
    rows.map((r) => [
      batchKeyOf(r.county, r.tabulator, r.batch),
      JSON.parse(r.tally) as BatchContestTally,
    ]),
  );
}

/** The latest hand tally of each sampled batch, by batch key. */
export async function readBatchEntries(
  db: AuditDb,
  auditId: string,
): Promise<Map<string, BatchContestTally>> {
  const rows = await db
    .selectFrom('audit_batch_entries')
    .select(['batch_key', 'tally'])
    .where('audit_id', '=', auditId)
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [r.batch_key, JSON.parse(r.tally) as BatchContestTally]));
}
