import type { Sha256Digest } from './digest.ts';
import { openSamplerSession } from './sampler-session.ts';
import { trimTicket } from './ticket.ts';

/** Options of {@link consistentSample}, mirroring Rivest's `sampler()`. */
export interface ConsistentSampleOptions {
  /** Distinct id strings (the strings that are hashed). */
  readonly ids: readonly string[];
  /** Seed string. */
  readonly seed: string;
  /** Draw with replacement. */
  readonly withReplacement: boolean;
  /** Draws to skip (earlier rounds). Default 0. */
  readonly drop?: number;
  /** Draws to return; `undefined` means all ids (only without replacement). */
  readonly take?: number;
  /** Ticket digits shown after the leading 9s. Default 9. */
  readonly digits?: number;
  /**
   * Not used for sampling any more: the sampler hashes with its own allocation-free SHA-256
   * (faster per id than node:crypto). Accepted so existing callers keep compiling.
   */
  readonly digest?: Sha256Digest;
}

/** One sampled id with its display ticket. */
export interface SampledId {
  /** Ticket trimmed to the requested digits. */
  readonly ticket: string;
  /** The id drawn. */
  readonly id: string;
  /** 1 for the first draw of this id, 2 for the second, ... */
  readonly generation: number;
}

/**
 * Rivest's consistent sampler over id strings.
 * @example
 * consistentSample({ ids: ['A-1', 'A-2', 'A-3', 'B-1', 'B-2', 'B-3'], seed: '314159',
 *   withReplacement: false, take: 4 }).map((d) => d.id) // ['B-2', 'B-3', 'A-3', 'A-2']
 */
export function consistentSample(options: ConsistentSampleOptions): SampledId[] {
  const { ids, withReplacement } = options;
  if (new Set(ids).size !== ids.length) throw new Error('consistentSample: ids must be distinct');
  const take = options.take ?? (withReplacement ? 0 : ids.length);
  if (options.take === undefined && withReplacement) {
    throw new Error('consistentSample: take is required with replacement');
  }
  const session = openSamplerSession({
    size: ids.length,
    idAt: (i) => ids[i] as string,
    seed: options.seed,
    withReplacement,
  });
  const digits = options.digits ?? 9;
  return session.draws(options.drop ?? 0, take).map((d) => ({
    ticket: trimTicket(d.ticket, digits),
    id: ids[d.index] as string,
    generation: d.generation,
  }));
}
