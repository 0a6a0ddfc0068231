import { createHash, type Hash } from 'node:crypto';
import {
  canonicalJson,
  type CountBatch,
  type FactRecord,
  type SubmissionSink,
} from '@canvass/core';

const COUNT_BYTES = 28;

/**
 * Hashes a submission's parsed content as it streams into the store: every count as 28
 * little-endian bytes (unit, contest, target, line, vote type as int32; value as float64) in
 * order, then the facts, sorted, as canonical JSON. The ledger signs this hash, so a count row changed in
 * the database later no longer matches it. Documented in docs/ledger.md.
 */
export class ContentHasher implements SubmissionSink {
  readonly #inner: SubmissionSink;
  readonly #hash: Hash = createHash('sha256');
  readonly #facts: FactRecord[] = [];

  constructor(inner: SubmissionSink) {
    this.#inner = inner;
  }

  counts(batch: CountBatch): void | Promise<void> {
    this.#hash.update(encodeCounts(batch));
    return this.#inner.counts(batch);
  }

  facts(records: readonly FactRecord[]): void | Promise<void> {
    this.#facts.push(...records);
    return this.#inner.facts(records);
  }

  /** The content hash, once everything has streamed through. */
  digest(): string {
    this.#hash.update(canonicalJson(sortFacts(this.#facts)));
    return this.#hash.digest('hex');
  }
}

/** Hashes content read back from the store or re-parsed from the source, the same way. */
export function contentHash(batches: readonly CountBatch[], facts: readonly FactRecord[]): string {
  const hash = createHash('sha256');
  for (const batch of batches) hash.update(encodeCounts(batch));
  hash.update(canonicalJson(sortFacts(facts)));
  return hash.digest('hex');
}

/** Facts in a fixed order, so the hash does not depend on how a database returns them. */
function sortFacts(facts: readonly FactRecord[]): FactRecord[] {
  return [...facts].sort(
    (a, b) =>
      a.unit - b.unit ||
      (a.fact < b.fact ? -1 : a.fact > b.fact ? 1 : 0) ||
      (a.voteType < b.voteType ? -1 : a.voteType > b.voteType ? 1 : 0) ||
      a.sourceLine - b.sourceLine ||
      a.value - b.value,
  );
}

function encodeCounts(batch: CountBatch): Buffer {
  const bytes = Buffer.allocUnsafe(batch.length * COUNT_BYTES);
  for (let i = 0; i < batch.length; i++) {
    const offset = i * COUNT_BYTES;
    bytes.writeInt32LE(batch.unit[i] ?? 0, offset);
    bytes.writeInt32LE(batch.contest[i] ?? 0, offset + 4);
    bytes.writeInt32LE(batch.target[i] ?? 0, offset + 8);
    bytes.writeInt32LE(batch.line[i] ?? 0, offset + 12);
    bytes.writeInt32LE(batch.voteType[i] ?? 0, offset + 16);
    bytes.writeDoubleLE(batch.value[i] ?? 0, offset + 20);
  }
  return bytes;
}
