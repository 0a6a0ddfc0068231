import { BinaryHeap } from './binary-heap.ts';
import type { Sha256Digest } from './digest.ts';
import { ticketSortKey } from './sort-key.ts';
import { firstTicket, nextTicket, seedHashHex } from './ticket.ts';

/** One draw of the consistent sampler, with the full-precision ticket. */
export interface StreamDraw {
  /** Full-precision ticket string ("0." + digits); trim only for display. */
  readonly ticket: string;
  /** Index of the drawn id in the population. */
  readonly index: number;
  /** 1 for an id's first draw, 2 for its second (with replacement), and so on. */
  readonly generation: number;
}

/** What a sampler session needs: the population (by index), the seed and the hash. */
export interface SamplerSessionInput {
  /** Number of ids in the population. */
  readonly size: number;
  /** The hashed string of id `i` (for Arlo, Python's `str()` of the id). */
  readonly idAt: (index: number) => string;
  /** The seed string; only `str(seed)` is hashed. */
  readonly seed: string;
  /** Sample with replacement (an id may be drawn again with a later ticket). */
  readonly withReplacement: boolean;
  /** SHA-256 of a string's UTF-8 bytes. */
  readonly digest: Sha256Digest;
}

/**
 * A consistent-sampling stream over one population and seed. The first tickets of every id are
 * hashed once, when the session opens; draws are produced lazily in ascending ticket order and
 * remembered, so a later round (`drop` = what earlier rounds drew) costs only its new draws.
 * The stream equals Rivest's `sampler()` for every `drop`/`take`: restricting the heap to the
 * `drop + take` smallest first tickets never changes the first `drop + take` draws.
 */
export interface SamplerSession {
  /** Number of ids in the population. */
  readonly size: number;
  /** Draws `drop` to `drop + take` (fewer without replacement when the population runs out). */
  draws(drop: number, take: number): readonly StreamDraw[];
  /** The hashed id string of population index `index`. */
  idAt(index: number): string;
}

/**
 * Opens a sampler session: hashes every id once (the dominant cost) and ranks lazily.
 * @example
 * const s = openSamplerSession({ size: 3, idAt: (i) => ['a', 'b', 'c'][i]!, seed: '52',
 *   withReplacement: false, digest: pureSha256Digest });
 * s.draws(0, 3).map((d) => d.index)
 */
export function openSamplerSession(input: SamplerSessionInput): SamplerSession {
  const { size, idAt, digest, withReplacement } = input;
  const seedHex = seedHashHex(digest, input.seed);
  const keys = new Float64Array(size);
  for (let i = 0; i < size; i++) keys[i] = ticketSortKey(digest(seedHex + idAt(i)));

  const fullTickets = new Map<number, string>();
  const fullTicket = (i: number): string => {
    let t = fullTickets.get(i);
    if (t === undefined) {
      t = firstTicket(digest, seedHex, idAt(i));
      fullTickets.set(i, t);
    }
    return t;
  };
  // A total order on ids by first ticket; the index breaks (practically impossible) exact ties.
  const compare = (a: number, b: number): number => {
    const d = (keys[a] as number) - (keys[b] as number);
    if (d !== 0) return d;
    if (a === b) return 0;
    const ta = fullTicket(a);
    const tb = fullTicket(b);
    return ta < tb ? -1 : ta > tb ? 1 : a - b;
  };

  // Ascending first tickets, produced in chunks of the smallest not yet produced.
  let chunk: number[] = [];
  let chunkPos = 0;
  let lastFirst = -1;
  let firstsProduced = 0;
  const nextChunk = (k: number): void => {
    // The k-th smallest key above the last one produced bounds the chunk: a native numeric sort
    // finds it far faster than a comparator-driven heap over a million ids. Ids whose key equals
    // the last one's (practically never) join the chunk when they rank after it.
    const last = lastFirst;
    const lastKey = last >= 0 ? (keys[last] as number) : -1;
    const above = keys.filter((key) => key > lastKey).sort();
    const bound = above.length === 0 ? lastKey : (above[Math.min(k, above.length) - 1] as number);
    const picked: number[] = [];
    for (let i = 0; i < size; i++) {
      const key = keys[i] as number;
      if (key > bound || key < lastKey) continue;
      if (key === lastKey && last >= 0 && compare(i, last) <= 0) continue;
      picked.push(i);
    }
    chunk = picked.sort(compare);
    chunkPos = 0;
  };
  const peekFirst = (wanted: number): number | undefined => {
    if (chunkPos >= chunk.length) {
      if (firstsProduced >= size) return undefined;
      // Each refill scans every key, so refill generously: later rounds then cost one scan.
      nextChunk(Math.max(wanted, 4096));
    }
    return chunk[chunkPos];
  };

  const again = new BinaryHeap<StreamDraw>((a, b) => a.ticket < b.ticket);
  const drawn: StreamDraw[] = [];

  const extend = (count: number): void => {
    while (drawn.length < count) {
      const i = peekFirst(count - drawn.length);
      const repeat = again.peek();
      let draw: StreamDraw;
      if (i !== undefined && (repeat === undefined || fullTicket(i) < repeat.ticket)) {
        chunkPos++;
        firstsProduced++;
        lastFirst = i;
        draw = { ticket: fullTicket(i), index: i, generation: 1 };
        if (withReplacement) {
          again.push({ ticket: nextTicket(digest, draw.ticket), index: i, generation: 2 });
        }
      } else if (repeat !== undefined) {
        draw = repeat;
        again.replaceTop({
          ticket: nextTicket(digest, repeat.ticket),
          index: repeat.index,
          generation: repeat.generation + 1,
        });
      } else {
        return;
      }
      drawn.push(draw);
    }
  };

  return {
    size,
    idAt,
    draws(drop, take) {
      extend(drop + take);
      return drawn.slice(drop, drop + take);
    },
  };
}
