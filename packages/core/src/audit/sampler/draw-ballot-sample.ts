import { batchIdBuilder, type BallotIdMode, type BallotLocation } from './ballot-id.ts';
import type { Sha256Digest } from './digest.ts';
import type { SamplerCache } from './sampler-cache.ts';
import {
  openSamplerSession,
  rankFirstTickets,
  writeUint,
  type SamplerSession,
} from './sampler-session.ts';
import { trimTicket } from './ticket.ts';

/** One batch of the ballot manifest: its key and the positions of the ballots to sample from. */
export interface ManifestBatch {
  /** Batch key, e.g. `[jurisdiction, tabulator | null, batch]`. */
  readonly batchKey: string | readonly (string | null)[];
  /** Ballot positions, in order (non-contiguous for card-style data). */
  readonly positions: readonly number[];
}

/** Inputs of {@link drawBallotSample}. */
export interface DrawBallotSampleInput {
  /** The audit's random seed. */
  readonly seed: string;
  /** Batches in manifest order. Pass the same array object each round to use the cache. */
  readonly manifest: readonly ManifestBatch[];
  /** Draws wanted in this round. */
  readonly sampleSize: number;
  /** Draws made in earlier rounds (the round continues the same stream). */
  readonly numSampled?: number;
  /** Default true: every Arlo audit type samples with replacement except hybrid non-CVR strata. */
  readonly withReplacement?: boolean;
  /** `canonical` (Canvass default) or `arlo` (Python-repr ids, for parity with Arlo). */
  readonly idMode?: BallotIdMode;
  /** Ticket digits after the leading 9s; default 18 (Arlo raised it from 9 after collisions). */
  readonly digits?: number;
  /**
   * Not used for sampling any more: the sampler hashes with its own allocation-free SHA-256
   * (faster per id than node:crypto). Accepted so existing callers keep compiling.
   */
  readonly digest?: Sha256Digest;
  /** Keeps hashed manifests between rounds. */
  readonly cache?: SamplerCache;
  /**
   * The ranking keys of every ballot, from {@link rankBallots} (e.g. computed by several threads);
   * used only when the session is opened (not when the cache already has it).
   */
  readonly firstKeys?: Float64Array;
}

/** One drawn ballot. */
export interface DrawnBallot extends BallotLocation {
  /** Ticket trimmed to `digits`. */
  readonly ticketNumber: string;
  /** 1 for a ballot's first draw, 2 for its second, ... */
  readonly generation: number;
  /** The exact string that was hashed for this ballot. */
  readonly hashedId: string;
}

/**
 * Draws the ballots of one audit round: draws `numSampled` to `numSampled + sampleSize` of the
 * consistent-sampling stream over every ballot in the manifest (Arlo's `draw_sample`).
 * @example
 * drawBallotSample({ seed: '0123456789', sampleSize: 2, idMode: 'arlo',
 *   manifest: [{ batchKey: ['County A', null, 'P7'], positions: [1, 2, 5] }] })
 */
export function drawBallotSample(input: DrawBallotSampleInput): DrawnBallot[] {
  const withReplacement = input.withReplacement ?? true;
  const mode = input.idMode ?? 'canonical';
  const locations = new ManifestIndex(input.manifest);
  // Everything the session needs is built inside `open`, so a cached later round builds
  // nothing per batch again.
  const open = (): SamplerSession =>
    openSamplerSession({
      ...ballotIdSource(input.manifest, mode),
      seed: input.seed,
      withReplacement,
      expectedDraws: (input.numSampled ?? 0) + input.sampleSize,
      ...(input.firstKeys === undefined ? {} : { firstKeys: input.firstKeys }),
    });
  const session =
    input.cache === undefined
      ? open()
      : input.cache.get(input.manifest, `${mode}|${String(withReplacement)}|${input.seed}`, open);
  const digits = input.digits ?? 18;
  const out: DrawnBallot[] = [];
  session.forEachDraw(input.numSampled ?? 0, input.sampleSize, (ticket, index, generation) => {
    locations.locate(index);
    const batch = input.manifest[locations.batch] as ManifestBatch;
    out.push({
      batchKey: batch.batchKey,
      position: batch.positions[locations.offset] as number,
      ticketNumber: trimTicket(ticket, digits),
      generation,
      hashedId: session.idAt(index),
    });
  });
  return out;
}

/** The hashed ids of a manifest's ballots, in manifest order, as strings and as written bytes. */
export interface BallotIdSource {
  readonly size: number;
  readonly idAt: (index: number) => string;
  readonly writeIdBytes: (index: number, out: Uint8Array) => number;
}

/**
 * The ids a ballot sample hashes, ballot `i` being the i-th position of the manifest in order.
 * @example ballotIdSource([{ batchKey: ['J1', null, 'B1'], positions: [3] }], 'arlo').idAt(0) // "(('J1', None, 'B1'), 3)"
 */
export function ballotIdSource(
  manifest: readonly ManifestBatch[],
  mode: BallotIdMode,
): BallotIdSource {
  const where = new ManifestIndex(manifest);
  const builders = manifest.map((b) => batchIdBuilder(mode, b.batchKey));
  const idAt = (i: number): string => {
    where.locate(i);
    const batch = manifest[where.batch] as ManifestBatch;
    return (builders[where.batch] as (p: number) => string)(
      batch.positions[where.offset] as number,
    );
  };
  // The id bytes without building strings: each batch's constant part is encoded once.
  const parts = manifest.map((b) => idParts(mode, b.batchKey));
  // The buffer and batch whose prefix was written last: consecutive ids of one batch (the
  // ranking pass) rewrite only the position and suffix.
  let written: Uint8Array | undefined;
  let writtenBatch = -1;
  const writeIdBytes = (i: number, out: Uint8Array): number => {
    where.locate(i);
    const b = where.batch;
    const position = (manifest[b] as ManifestBatch).positions[where.offset] as number;
    const { prefix, suffix } = parts[b] as IdParts;
    if (!Number.isSafeInteger(position) || position < 0) {
      // Unusual positions (fractions, huge numbers) go through the string form.
      written = undefined;
      const bytes = encoder.encode(idAt(i));
      if (bytes.length > out.length) return -1;
      out.set(bytes);
      return bytes.length;
    }
    if (prefix.length + suffix.length + 40 > out.length) return -1;
    if (out !== written || b !== writtenBatch) {
      // A byte loop: for ~40 bytes it beats the native call behind Uint8Array.set.
      for (let k = 0; k < prefix.length; k++) out[k] = prefix[k] as number;
      written = out;
      writtenBatch = b;
    }
    let pos = prefix.length;
    if (mode === 'canonical') {
      pos = writeUint(decimalLength(position), out, pos);
      out[pos++] = 58;
    }
    pos = writeUint(position, out, pos);
    for (let k = 0; k < suffix.length; k++) out[pos++] = suffix[k] as number;
    return pos;
  };
  return { size: where.size, idAt, writeIdBytes };
}

/**
 * The ranking keys of the manifest's ballots `from..to-1` into `out[from..to)` (see
 * {@link rankFirstTickets}): several threads can each rank a range of one shared array, which
 * is then passed to {@link drawBallotSample} as `firstKeys`.
 * @example
 * const manifest = [{ batchKey: 'pct 1', positions: [1, 2, 3] }];
 * rankBallots({ seed: '1', manifest }, 0, 3, new Float64Array(3))
 */
export function rankBallots(
  input: {
    readonly seed: string;
    readonly manifest: readonly ManifestBatch[];
    readonly idMode?: BallotIdMode;
  },
  from: number,
  to: number,
  out: Float64Array,
): void {
  const ids = ballotIdSource(input.manifest, input.idMode ?? 'canonical');
  rankFirstTickets({ ...ids, seed: input.seed }, from, to, out);
}

const encoder = new TextEncoder();

/** The bytes of a batch's ids before and after the position's digits. */
interface IdParts {
  readonly prefix: Uint8Array;
  readonly suffix: Uint8Array;
}

/**
 * Splits a batch's id string around the position: Arlo's `((…), 7)` is prefix `((…), ` and
 * suffix `)`; the canonical id ends with `<length>:<position>`, so its prefix stops before the
 * length and the suffix is empty.
 */
function idParts(mode: BallotIdMode, batchKey: ManifestBatch['batchKey']): IdParts {
  const sample = batchIdBuilder(mode, batchKey)(7);
  const tail = mode === 'arlo' ? '7)' : '1:7';
  if (!sample.endsWith(tail)) throw new Error(`unexpected ${mode} ballot id ${sample}`);
  return {
    prefix: encoder.encode(sample.slice(0, -tail.length)),
    suffix: encoder.encode(mode === 'arlo' ? ')' : ''),
  };
}

function decimalLength(value: number): number {
  let digits = 1;
  for (let t = value; t >= 10; t = Math.floor(t / 10)) digits++;
  return digits;
}

/** Index -> (batch, offset) without materialising a million objects. */
class ManifestIndex {
  readonly size: number;
  /** Batch of the last located index. */
  batch = 0;
  /** Offset in that batch of the last located index. */
  offset = 0;
  readonly #starts: number[] = [];
  readonly #lengths: number[] = [];

  constructor(manifest: readonly ManifestBatch[]) {
    let size = 0;
    for (const batch of manifest) {
      this.#starts.push(size);
      this.#lengths.push(batch.positions.length);
      size += batch.positions.length;
    }
    this.size = size;
  }

  /** Sets `batch` and `offset` for population index `i`. */
  locate(i: number): void {
    const starts = this.#starts;
    // Sequential scans (the hashing pass) stay in the remembered batch or move to the next.
    let b = this.batch;
    let s = starts[b] as number;
    if (i >= s && i < s + (this.#lengths[b] as number)) {
      this.offset = i - s;
      return;
    }
    b++;
    s = starts[b] ?? Infinity;
    if (i >= s && i < s + (this.#lengths[b] as number)) {
      this.batch = b;
      this.offset = i - s;
      return;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    this.batch = lo;
    this.offset = i - (starts[lo] as number);
  }
}
