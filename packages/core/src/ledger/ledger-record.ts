import { z } from 'zod';
import { canonicalJson } from '../model/definition-hash.ts';
import type { Sha256Hex } from '../hash/sha256.ts';

/** What a ledger record attests. Append only: a kind is never removed or renamed. */
export const LEDGER_KINDS = [
  'election-defined',
  'submission-accepted',
  'submission-held',
  'submission-approved',
  'submission-rejected',
  'certification',
  'recount',
  'audit-step',
  'held-approved',
  'held-rejected',
  'correction',
] as const;

/** Zod schema for {@link LedgerRecord}. */
export const LedgerRecordSchema = z
  .object({
    /** 1-based position in the chain of the whole store. */
    sequence: z.number().int().positive(),
    electionId: z.string(),
    kind: z.enum(LEDGER_KINDS),
    /** Who did it (a user name or token name), never a secret. */
    actor: z.string(),
    at: z.string(),
    /** Kind-specific facts: hashes of the bytes and of the parsed content, counts, reasons. */
    payload: z.record(z.string(), z.unknown()),
    /** Hash of the previous record; 64 zeros for the first. */
    previousHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** SHA-256 of the canonical JSON of every field above. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    /** Ed25519 signature of the hash (hex of its UTF-8), base64. */
    signature: z.string(),
  })
  .readonly();

/** One append-only, hash-chained, signed record of something that happened to an election. */
export type LedgerRecord = z.infer<typeof LedgerRecordSchema>;

/** A record before it is hashed and signed. */
export type UnsignedRecord = Omit<LedgerRecord, 'hash' | 'signature'>;

/** The previous-hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash that chains and signs a record: SHA-256 of the canonical JSON of its fields.
 * @example recordHash({ sequence: 1, electionId: 'e', kind: 'election-defined', actor: 'a', at: 't', payload: {}, previousHash: GENESIS_HASH }, sha256Hex)
 */
export function recordHash(record: UnsignedRecord, sha256: Sha256Hex): string {
  const { sequence, electionId, kind, actor, at, payload, previousHash } = record;
  return sha256(canonicalJson({ sequence, electionId, kind, actor, at, payload, previousHash }));
}
