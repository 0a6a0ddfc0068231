import { batchIdBuilder, type BallotIdMode, type BallotLocation } from './ballot-id.ts';
import { pureSha256Digest, type Sha256Digest } from './digest.ts';
import type { SamplerCache } from './sampler-cache.ts';
import { openSamplerSession } from './sampler-session.ts';
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
  /** SHA-256; defaults to the pure-TypeScript one. Node callers pass node:crypto's. */
  readonly digest?: Sha256Digest;
  /** Keeps hashed manifests between rounds. */
  readonly cache?: SamplerCache;
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
  const digest = input.digest ?? pureSha256Digest;
  const locations = flatten(input.manifest);
  const builders = input.manifest.map((b) => batchIdBuilder(mode, b.batchKey));
  const open = () =>
    openSamplerSession({
      size: locations.size,
      idAt: (i) => {
        const [b, offset] = locations.find(i);
        const batch = input.manifest[b] as ManifestBatch;
        return (builders[b] as (p: number) => string)(batch.positions[offset] as number);
      },
      seed: input.seed,
      withReplacement,
      digest,
    });
  const session =
    input.cache === undefined
      ? open()
      : input.cache.get(input.manifest, `${mode}|${String(withReplacement)}|${input.seed}`, open);
  const digits = input.digits ?? 18;
  return session.draws(input.numSampled ?? 0, input.sampleSize).map((d) => {
    const location = locations.at(d.index);
    return {
      batchKey: location.batchKey,
      position: location.position,
      ticketNumber: trimTicket(d.ticket, digits),
      generation: d.generation,
      hashedId: session.idAt(d.index),
    };
  });
}

// Index -> (batch, position) without materialising a million objects.
function flatten(manifest: readonly ManifestBatch[]): {
  size: number;
  find: (i: number) => [number, number];
  at: (i: number) => BallotLocation;
} {
  const starts: number[] = [];
  let size = 0;
  for (const batch of manifest) {
    starts.push(size);
    size += batch.positions.length;
  }
  // Sequential scans (the hashing pass) hit the remembered batch without a search.
  let last = 0;
  const find = (i: number): [number, number] => {
    const s = starts[last] as number;
    if (i >= s && i < s + (manifest[last] as ManifestBatch).positions.length) return [last, i - s];
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    last = lo;
    return [lo, i - (starts[lo] as number)];
  };
  return {
    size,
    find,
    at(i) {
      const [b, offset] = find(i);
      const batch = manifest[b] as ManifestBatch;
      return { batchKey: batch.batchKey, position: batch.positions[offset] as number };
    },
  };
}
