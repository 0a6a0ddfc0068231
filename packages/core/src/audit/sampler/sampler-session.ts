import { BinaryHeap } from './binary-heap.ts';
import { sha256x4, type Sha256x4 } from './sha256-simd.ts';
import {
  SHA256_IV,
  Sha256Kernel,
  sortKeyOfState,
  sortKeyOfWords,
  stateHex,
  writeTicketDigits,
} from './ticket-kernel.ts';

/** One draw of the consistent sampler, with the full-precision ticket. */
export interface StreamDraw {
  /** Full-precision ticket string ("0." + digits); trim only for display. */
  readonly ticket: string;
  /** Index of the drawn id in the population. */
  readonly index: number;
  /** 1 for an id's first draw, 2 for its second (with replacement), and so on. */
  readonly generation: number;
}

/** What a sampler session needs: the population (by index) and the seed. */
export interface SamplerSessionInput {
  /** Number of ids in the population. */
  readonly size: number;
  /** The hashed string of id `i` (for Arlo, Python's `str()` of the id). */
  readonly idAt: (index: number) => string;
  /**
   * Optional fast form of `idAt`: writes the UTF-8 bytes of id `index` into `out` from offset 0
   * and returns their number, or -1 when `out` is too small (it is then retried with a larger
   * one). Must give exactly the bytes of `idAt(index)`. The session changes `out` only through
   * this function, so a writer may leave a shared prefix in place between calls.
   */
  readonly writeIdBytes?: (index: number, out: Uint8Array) => number;
  /** The seed string; only `str(seed)` is hashed. */
  readonly seed: string;
  /** Sample with replacement (an id may be drawn again with a later ticket). */
  readonly withReplacement: boolean;
  /**
   * Leading ticket digits in the ranking key, 1 to 13 (default 13). Ids whose keys are equal are
   * ordered by their full tickets, so any value gives the same stream; fewer digits only make
   * that fallback common (tests use it).
   */
  readonly keyDigits?: number;
  /**
   * Use WebAssembly SIMD (four hashes per compression) where the runtime has it; default true.
   * False forces the scalar kernel, which gives the same stream (tests check both).
   */
  readonly simd?: boolean;
  /**
   * The ranking keys of every id as {@link rankFirstTickets} computes them (e.g. by several
   * threads), so the session does not hash the population itself. Every id that reaches a chunk
   * (every id that can be drawn) is checked against its own hash; a wrong key there throws.
   */
  readonly firstKeys?: Float64Array;
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

/** A ticket waiting in the heap of repeat draws (sampling with replacement). */
interface Repeat {
  /** Ranking key: the ticket's leading digits. */
  readonly key: number;
  readonly index: number;
  readonly generation: number;
  /** The id's previous ticket (full precision) and the counter that gave this one. */
  readonly previous: string;
  readonly attempt: number;
  /** The full ticket, once built. */
  ticket: string | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Opens a sampler session: hashes every id once (the dominant cost) and ranks lazily.
 *
 * How it stays fast while bit-exact: SHA-256 runs over preallocated typed arrays from the seed
 * block's midstate; the ranking uses only each ticket's first 13 digits, computed from the hash
 * words; the k smallest keys are found by selection, not by sorting the manifest; full-precision
 * ticket strings are built only for ids that are drawn and for equal keys, which are always
 * settled by comparing full tickets, as the reference sampler does.
 * @example
 * const s = openSamplerSession({ size: 3, idAt: (i) => ['a', 'b', 'c'][i]!, seed: '52',
 *   withReplacement: false });
 * s.draws(0, 3).map((d) => d.index)
 */
export function openSamplerSession(input: SamplerSessionInput): SamplerSession {
  const { size, idAt, withReplacement } = input;
  const keyDigits = input.keyDigits ?? 13;
  if (!Number.isInteger(keyDigits) || keyDigits < 1 || keyDigits > 13) {
    throw new Error('openSamplerSession: keyDigits must be an integer from 1 to 13');
  }
  const keyScale = 10 ** (13 - keyDigits);
  const kernel = new Sha256Kernel();
  const { hashIds } = createIdHasher(input);
  const x4 = input.simd === false ? undefined : sha256x4();

  let keys: Float64Array;
  const given = input.firstKeys;
  if (given !== undefined) {
    if (given.length !== size) {
      throw new Error(
        `openSamplerSession: firstKeys has ${String(given.length)} keys for ${String(size)} ids`,
      );
    }
    keys = keyScale === 1 ? given : given.map((k) => Math.floor(k / keyScale));
  } else {
    keys = new Float64Array(size);
    hashIds(null, 0, size, (k, words, base, stride) => {
      keys[k] = sortKeyOfWords(words, base, stride);
    });
    if (keyScale !== 1) {
      for (let i = 0; i < size; i++) keys[i] = Math.floor((keys[i] as number) / keyScale);
    }
  }

  // Full-precision tickets, built on demand.
  let ticketBuffer = new Uint8Array(2 + 96);

  // Rivest's next_fraction: keep the leading "0.99…9" of the previous full-precision ticket and
  // append the digits of SHA-256(previous + ":" + i), for i = 1, 2, … until the result is
  // string-greater than previous + "0". A repeat waiting in the heap needs only its key; its
  // full ticket is built when it is drawn or when its key ties another.
  let messageBuffer = new Uint8Array(128);
  let messageOf = '';
  const hashAttempt = (previous: string, attempt: number): void => {
    const n = previous.length;
    if (messageOf !== previous) {
      if (n + 24 > messageBuffer.length) messageBuffer = new Uint8Array(2 * n + 24);
      for (let k = 0; k < n; k++) messageBuffer[k] = previous.charCodeAt(k);
      messageBuffer[n] = 58;
      messageOf = previous;
    }
    kernel.hash(SHA256_IV, 0, messageBuffer, writeUint(attempt, messageBuffer, n + 1));
  };
  const candidateTicket = (previous: string, attempt: number): string => {
    hashAttempt(previous, attempt);
    const nines = leadingNines(previous);
    if (2 + nines + 80 > ticketBuffer.length) ticketBuffer = new Uint8Array(2 * nines + 96);
    const out = ticketBuffer;
    out[0] = 48;
    out[1] = 46;
    out.fill(57, 2, 2 + nines);
    return decoder.decode(out.subarray(0, writeTicketDigits(kernel.state, out, 2 + nines)));
  };
  const fullTicket = (r: Repeat): string => {
    r.ticket ??= candidateTicket(r.previous, r.attempt);
    return r.ticket;
  };
  const repeatOf = (previous: string, index: number, generation: number): Repeat => {
    const nines = leadingNines(previous);
    const previousKey = ticketKey13(previous);
    for (let attempt = 1; ; attempt++) {
      hashAttempt(previous, attempt);
      const key = withNines(nines, sortKeyOfState(kernel.state));
      // Keys decide unless the first 13 digits agree.
      if (key < previousKey) continue;
      let ticket: string | undefined;
      if (key === previousKey) {
        ticket = candidateTicket(previous, attempt);
        if (!(ticket > previous + '0')) continue;
      }
      return {
        key: keyScale === 1 ? key : Math.floor(key / keyScale),
        index,
        generation,
        previous,
        attempt,
        ticket,
      };
    }
  };

  // First tickets in ascending order, produced in chunks: every id whose key lies in
  // (bound, next bound], sorted. All ids with the bound's key join the same chunk, so a chunk
  // boundary never separates equal keys.
  let bound = -1;
  let placed = 0;
  let chunk = new Int32Array(0);
  let chunkPos = 0;
  // The chunk's digests, hashed again at refill in population order (sequential manifest access,
  // four per SIMD compression) and kept, so drawing a first ticket needs no hash.
  let chunkIds = new Int32Array(0);
  let chunkStates = new Int32Array(0);
  // With replacement and SIMD: each member's ticket, and the 13-digit key of its next ticket
  // when next_fraction's first attempt is accepted (NaN otherwise).
  let chunkTickets: string[] = [];
  let chunkNextKeys: Float64Array = new Float64Array(0);
  const chunkTicket = (slot: number): string => {
    const out = ticketBuffer;
    out[0] = 48;
    out[1] = 46;
    return decoder.decode(out.subarray(0, writeTicketDigits(chunkStates, out, 2, 8 * slot)));
  };
  const refill = (wanted: number): void => {
    const above = new Float64Array(size - placed);
    let n = 0;
    for (let i = 0; i < size; i++) {
      const key = keys[i] as number;
      if (key > bound) above[n++] = key;
    }
    const kth = selectKth(above, n, Math.min(wanted, n) - 1);
    let m = 0;
    for (let i = 0; i < size; i++) {
      const key = keys[i] as number;
      if (key > bound && key <= kth) m++;
    }
    const ids = new Int32Array(m);
    const key = new Float64Array(m);
    const slots = new Int32Array(m);
    m = 0;
    for (let i = 0; i < size; i++) {
      const k = keys[i] as number;
      if (k > bound && k <= kth) {
        ids[m] = i;
        slots[m] = m;
        key[m++] = k;
      }
    }
    const states = new Int32Array(8 * m);
    hashIds(ids, 0, m, (k, words, base, stride) => {
      for (let j = 0; j < 8; j++) states[8 * k + j] = words[base + stride * j] as number;
      // Keys computed elsewhere are checked for every id that can be drawn.
      if (given !== undefined && sortKeyOfWords(words, base, stride) !== given[ids[k] as number]) {
        throw new Error(`openSamplerSession: firstKeys[${String(ids[k])}] is not that id's key`);
      }
    });
    chunkIds = ids;
    chunkStates = states;
    if (withReplacement && x4 !== undefined) {
      // Nearly every chunk member is drawn, and each draw needs its repeat's key at once: build
      // the tickets and hash their first next_fraction attempt now, four at a time.
      chunkTickets = Array.from({ length: m }, (_, slot) => chunkTicket(slot));
      chunkNextKeys = firstAttemptKeys(chunkTickets, x4);
    } else {
      chunkTickets = [];
      chunkNextKeys = new Float64Array(0);
    }
    sortByKey(key, slots, 0, m - 1);
    settleEqualKeys(key, slots, chunkTicket);
    bound = kth;
    placed += m;
    chunk = slots;
    chunkPos = 0;
  };

  const again = new BinaryHeap<Repeat>(
    (a, b) => a.key < b.key || (a.key === b.key && fullTicket(a) < fullTicket(b)),
  );
  const drawn: StreamDraw[] = [];

  const extend = (count: number): void => {
    while (drawn.length < count) {
      // Each refill scans every key, so refill generously: later rounds then cost one scan.
      if (chunkPos >= chunk.length && placed < size) refill(Math.max(count - drawn.length, 4096));
      const slot = chunkPos < chunk.length ? (chunk[chunkPos] as number) : -1;
      const i = slot >= 0 ? (chunkIds[slot] as number) : -1;
      const repeat = again.peek();
      let draw: StreamDraw;
      if (
        i >= 0 &&
        (repeat === undefined ||
          (keys[i] as number) < repeat.key ||
          ((keys[i] as number) === repeat.key && chunkTicket(slot) < fullTicket(repeat)))
      ) {
        chunkPos++;
        const ticket = chunkTickets[slot] ?? chunkTicket(slot);
        draw = { ticket, index: i, generation: 1 };
        if (withReplacement) {
          const next = chunkNextKeys[slot] ?? Number.NaN;
          again.push(
            Number.isNaN(next)
              ? repeatOf(ticket, i, 2)
              : {
                  key: keyScale === 1 ? next : Math.floor(next / keyScale),
                  index: i,
                  generation: 2,
                  previous: ticket,
                  attempt: 1,
                  ticket: undefined,
                },
          );
        }
      } else if (repeat !== undefined) {
        const ticket = fullTicket(repeat);
        draw = { ticket, index: repeat.index, generation: repeat.generation };
        again.replaceTop(repeatOf(ticket, repeat.index, repeat.generation + 1));
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

/** What hashing first tickets needs: the ids (as strings or written bytes) and the seed. */
export interface IdHashInput {
  readonly idAt: (index: number) => string;
  readonly writeIdBytes?: (index: number, out: Uint8Array) => number;
  readonly seed: string;
  readonly simd?: boolean;
}

type DigestSink = (k: number, words: Int32Array, base: number, stride: number) => void;

/** Hashes first tickets (hex seed hash + id) from the seed block's midstate. */
function createIdHasher(input: IdHashInput): {
  hashIds: (indices: Int32Array | null, from: number, count: number, sink: DigestSink) => void;
} {
  const kernel = new Sha256Kernel();
  const { idAt } = input;

  // Id bytes, written into one growing buffer.
  let idBuffer = new Uint8Array(256);
  const writer = input.writeIdBytes;
  const writeId = (i: number): number => {
    if (writer !== undefined) {
      for (;;) {
        const n = writer(i, idBuffer);
        if (n >= 0) return n;
        idBuffer = new Uint8Array(idBuffer.length * 2);
      }
    }
    return writeUtf8(idAt(i));
  };
  const writeUtf8 = (s: string): number => {
    if (s.length * 3 > idBuffer.length) idBuffer = new Uint8Array(s.length * 3 + 64);
    const out = idBuffer;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) {
        const bytes = encoder.encode(s);
        out.set(bytes);
        return bytes.length;
      }
      out[k] = c;
    }
    return s.length;
  };

  // The seed's hex hash is exactly one SHA-256 block: compress it once.
  const seedLength = writeUtf8(input.seed);
  kernel.hash(SHA256_IV, 0, idBuffer, seedLength);
  const midstate = Sha256Kernel.midstate(encoder.encode(stateHex(kernel.state)));

  // Hashes ids `indices[0..count)` (or from..from+count-1 when `indices` is null), handing each digest
  // to `sink(k, words, base, stride)`: four ids per SIMD compression where WebAssembly SIMD
  // exists; an id longer than one block (56+ bytes) is hashed alone by the scalar kernel.
  const x4 = input.simd === false ? undefined : sha256x4();
  const hashIds = (
    indices: Int32Array | null,
    from: number,
    count: number,
    sink: (k: number, words: Int32Array, base: number, stride: number) => void,
  ): void => {
    if (x4 === undefined) {
      for (let k = 0; k < count; k++) {
        kernel.hash(
          midstate,
          64,
          idBuffer,
          writeId(indices === null ? from + k : (indices[k] as number)),
        );
        sink(k, kernel.state, 0, 1);
      }
      return;
    }
    x4.setMidstate(midstate);
    const words = x4.words;
    const lanes = [0, 0, 0, 0];
    for (let k = 0; k < count;) {
      let filled = 0;
      while (filled < 4 && k < count) {
        const length = writeId(indices === null ? from + k : (indices[k] as number));
        if (length > 55) {
          kernel.hash(midstate, 64, idBuffer, length);
          sink(k++, kernel.state, 0, 1);
          continue;
        }
        packBlock(idBuffer, length, words, x4.block + filled);
        lanes[filled++] = k++;
      }
      if (filled === 0) break;
      x4.compress();
      for (let l = 0; l < filled; l++) sink(lanes[l] as number, words, x4.out + l, 4);
    }
  };

  return { hashIds };
}

/**
 * The ranking keys (first 13 ticket digits) of ids `from..to-1`, written to `out[from..to)`:
 * what a session computes when it opens. Lets a caller spread the ranking over threads (each
 * computes a range) and pass the result as `firstKeys`.
 * @example rankFirstTickets({ idAt: (i) => ['a', 'b'][i]!, seed: '1' }, 0, 2, new Float64Array(2))
 */
export function rankFirstTickets(
  input: IdHashInput,
  from: number,
  to: number,
  out: Float64Array,
): void {
  createIdHasher(input).hashIds(null, from, to - from, (k, words, base, stride) => {
    out[from + k] = sortKeyOfWords(words, base, stride);
  });
}

function leadingNines(ticket: string): number {
  let n = 0;
  while (ticket.charCodeAt(2 + n) === 57) n++;
  return n;
}

/**
 * Writes the final SHA-256 block of a message of 64 + `length` bytes whose last `length` bytes
 * (at most 55) are `bytes[0..length)`: the bytes, 0x80, zeros and the bit length, as 16
 * big-endian words at `words[base + 4 j]` (one SIMD lane).
 */
function packBlock(bytes: Uint8Array, length: number, words: Int32Array, base: number): void {
  const whole = length >> 2;
  for (let j = 0; j < whole; j++) {
    const q = 4 * j;
    words[base + 4 * j] =
      ((bytes[q] as number) << 24) |
      ((bytes[q + 1] as number) << 16) |
      ((bytes[q + 2] as number) << 8) |
      (bytes[q + 3] as number);
  }
  const tail = length & 3;
  const q = 4 * whole;
  let last = 0x80 << (24 - 8 * tail);
  for (let k = 0; k < tail; k++) last |= (bytes[q + k] as number) << (24 - 8 * k);
  words[base + 4 * whole] = last;
  for (let j = whole + 1; j < 15; j++) words[base + 4 * j] = 0;
  words[base + 60] = (64 + length) * 8;
}

/**
 * For each ticket t, the 13-digit key of next_fraction's first candidate (the leading 9s of t,
 * then the digits of SHA-256(t + ":1")) when that candidate is accepted, i.e. its key exceeds
 * t's; NaN when it is not decided by the keys (the caller then runs the full rule). Tickets are
 * 66-82 characters, so each message is exactly two blocks; four messages go per compression.
 */
function firstAttemptKeys(tickets: readonly string[], x4: Sha256x4): Float64Array {
  const keys = new Float64Array(tickets.length);
  const words = x4.words;
  const tail = new Uint8Array(64);
  for (let k = 0; k < tickets.length; k += 4) {
    const lanes = Math.min(4, tickets.length - k);
    x4.setMidstate(SHA256_IV);
    for (let l = 0; l < lanes; l++) {
      const t = tickets[k + l] as string;
      for (let j = 0; j < 16; j++) {
        const q = 4 * j;
        words[x4.block + 4 * j + l] =
          (t.charCodeAt(q) << 24) |
          (t.charCodeAt(q + 1) << 16) |
          (t.charCodeAt(q + 2) << 8) |
          t.charCodeAt(q + 3);
      }
    }
    x4.compress();
    x4.chain();
    for (let l = 0; l < lanes; l++) {
      const t = tickets[k + l] as string;
      let n = 0;
      for (let q = 64; q < t.length; q++) tail[n++] = t.charCodeAt(q);
      tail[n++] = 58;
      tail[n++] = 49;
      packBlock(tail, n, words, x4.block + l);
    }
    x4.compress();
    for (let l = 0; l < lanes; l++) {
      const t = tickets[k + l] as string;
      const key = withNines(leadingNines(t), sortKeyOfWords(words, x4.out + l, 4));
      keys[k + l] = key > ticketKey13(t) ? key : Number.NaN;
    }
  }
  return keys;
}

/** The first 13 digits of a ticket string as a number. */
function ticketKey13(ticket: string): number {
  let key = 0;
  for (let k = 0; k < 13; k++) key = key * 10 + ticket.charCodeAt(2 + k) - 48;
  return key;
}

/** The 13-digit key of `nines` 9s followed by the digits whose 13-digit key is `key`. */
function withNines(nines: number, key: number): number {
  if (nines === 0) return key;
  if (nines >= 13) return 9999999999999;
  const scale = 10 ** nines;
  return (scale - 1) * 10 ** (13 - nines) + Math.floor(key / scale);
}

/**
 * Writes the decimal digits of a non-negative safe integer as ASCII at `pos`; returns the end.
 * @example writeUint(305, buf, 0) // 3, buf starts with "305"
 */
export function writeUint(value: number, out: Uint8Array, pos: number): number {
  if (value <= 0x7fffffff) {
    // 32-bit integer steps (a float % is a library call).
    let v = value | 0;
    let end = pos + 1;
    for (let t = v; t >= 10; t = (t / 10) | 0) end++;
    for (let k = end - 1; k >= pos; k--) {
      const q = (v / 10) | 0;
      out[k] = 48 + v - q * 10;
      v = q;
    }
    return end;
  }
  let digits = 1;
  for (let t = value; t >= 10; t = Math.floor(t / 10)) digits++;
  const end = pos + digits;
  let q = value;
  for (let k = end - 1; k >= pos; k--) {
    const d = q % 10;
    out[k] = 48 + d;
    q = (q - d) / 10;
  }
  return end;
}

/** The k-th smallest (0-based) of a[0..n), by quickselect; reorders a. */
function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const x = a[lo] as number;
    const y = a[(lo + hi) >> 1] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/** Sorts key[lo..hi] ascending, moving index[] alongside (quicksort, insertion sort below 16). */
function sortByKey(key: Float64Array, index: Int32Array, lo: number, hi: number): void {
  while (hi - lo >= 16) {
    const x = key[lo] as number;
    const y = key[(lo + hi) >> 1] as number;
    const z = key[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((key[i] as number) < pivot) i++;
      while ((key[j] as number) > pivot) j--;
      if (i <= j) {
        const t = key[i] as number;
        key[i] = key[j] as number;
        key[j] = t;
        const u = index[i] as number;
        index[i] = index[j] as number;
        index[j] = u;
        i++;
        j--;
      }
    }
    // Recurse into the smaller side, loop on the larger: O(log n) stack.
    if (j - lo < hi - i) {
      sortByKey(key, index, lo, j);
      lo = i;
    } else {
      sortByKey(key, index, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const k = key[i] as number;
    const v = index[i] as number;
    let j = i - 1;
    while (j >= lo && (key[j] as number) > k) {
      key[j + 1] = key[j] as number;
      index[j + 1] = index[j] as number;
      j--;
    }
    key[j + 1] = k;
    index[j + 1] = v;
  }
}

/** Orders each run of equal keys by full ticket (then index, for identical tickets). */
function settleEqualKeys(
  key: Float64Array,
  index: Int32Array,
  ticketOf: (i: number) => string,
): void {
  for (let start = 0; start < key.length;) {
    let end = start + 1;
    while (end < key.length && key[end] === key[start]) end++;
    if (end - start > 1) {
      const run = Array.from(index.subarray(start, end), (i) => ({ i, t: ticketOf(i) }));
      run.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
      for (let k = 0; k < run.length; k++) index[start + k] = (run[k] as { i: number }).i;
    }
    start = end;
  }
}
