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
  /**
   * The number of draws the first request will probably want (a hint; any value gives the same
   * stream). When the session ranks the ids itself, it keeps the digests of the ids whose keys
   * make them likely members of that request's chunk, so the chunk needs no second hash.
   */
  readonly expectedDraws?: number;
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
  /**
   * Calls `visit` for draws `drop` to `drop + take` in order, without building a
   * {@link StreamDraw} per draw (what {@link draws} returns is built from the same log).
   */
  forEachDraw(
    drop: number,
    take: number,
    visit: (ticket: string, index: number, generation: number) => void,
  ): void;
  /** The hashed id string of population index `index`. */
  idAt(index: number): string;
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
  // Digests kept from the ranking pass (see expectedDraws): ids ascending, 8 words each, of
  // every id whose key is at most keptBelow.
  let keptBelow = -1;
  let keptIds = new Int32Array(0);
  let keptStates = new Int32Array(0);
  let kept = 0;
  if (given !== undefined) {
    if (given.length !== size) {
      throw new Error(
        `openSamplerSession: firstKeys has ${String(given.length)} keys for ${String(size)} ids`,
      );
    }
    keys = keyScale === 1 ? given : given.map((k) => Math.floor(k / keyScale));
  } else {
    keys = new Float64Array(size);
    const expected = input.expectedDraws ?? 0;
    if (expected > 0 && keyScale === 1) {
      // Keep the digests of the ids below a key that leaves a margin over the expected share
      // (an id's key is uniform over 0..10^13): the first chunk is then almost surely among them.
      const share = Math.min(1, (1.2 * Math.max(expected, MIN_CHUNK) + 64) / size);
      keptBelow = Math.floor(share * 1e13);
      let capacity = Math.ceil(1.3 * share * size) + 64;
      keptIds = new Int32Array(capacity);
      keptStates = new Int32Array(8 * capacity);
      hashIds(null, 0, size, (k, words, base, stride) => {
        const key = sortKeyOfWords(words, base, stride);
        keys[k] = key;
        if (key > keptBelow) return;
        if (kept === capacity) {
          capacity *= 2;
          const ids2 = new Int32Array(capacity);
          ids2.set(keptIds);
          keptIds = ids2;
          const states2 = new Int32Array(8 * capacity);
          states2.set(keptStates);
          keptStates = states2;
        }
        // An id longer than one block is hashed (and handed here) ahead of the lanes before it:
        // the kept ids then are not ascending, and the chunk is hashed again instead.
        if (kept > 0 && k < (keptIds[kept - 1] as number)) keptBelow = Number.NEGATIVE_INFINITY;
        keptIds[kept] = k;
        for (let j = 0; j < 8; j++) keptStates[8 * kept + j] = words[base + stride * j] as number;
        kept++;
      });
    } else {
      hashIds(null, 0, size, (k, words, base, stride) => {
        keys[k] = sortKeyOfWords(words, base, stride);
      });
    }
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
    return ticketOfState(previous, kernel.state, 0);
  };
  // The ticket next_fraction makes from `previous` and the digest state at state[base..base+8).
  const ticketOfState = (previous: string, state: Int32Array, base: number): string => {
    const nines = leadingNines(previous);
    if (2 + nines + 80 > ticketBuffer.length) ticketBuffer = new Uint8Array(2 * nines + 96);
    const out = ticketBuffer;
    out[0] = 48;
    out[1] = 46;
    out.fill(57, 2, 2 + nines);
    return decoder.decode(out.subarray(0, writeTicketDigits(state, out, 2 + nines, base)));
  };
  // next_fraction of a ticket: the key of the first accepted attempt and (when the keys alone
  // could not decide it) its full ticket are left in these variables, its digest in kernel.state.
  let nextKey = 0;
  let nextTicket: string | undefined;
  const repeatOf = (previous: string, firstAttempt = 1): void => {
    const nines = leadingNines(previous);
    const previousKey = ticketKey13(previous);
    for (let attempt = firstAttempt; ; attempt++) {
      hashAttempt(previous, attempt);
      const key = withNines(nines, sortKeyOfState(kernel.state));
      // Keys decide unless the first 13 digits agree.
      if (key < previousKey) continue;
      let ticket: string | undefined;
      if (key === previousKey) {
        ticket = candidateTicket(previous, attempt);
        if (!(ticket > previous + '0')) continue;
      }
      nextKey = keyScale === 1 ? key : Math.floor(key / keyScale);
      nextTicket = ticket;
      return;
    }
  };

  // First tickets in ascending order, produced in chunks: every id whose key lies in
  // (bound, next bound], sorted. All ids with the bound's key join the same chunk, so a chunk
  // boundary never separates equal keys.
  let bound = -1;
  let placed = 0;
  let chunk = new Int32Array(0);
  let chunkPos = 0;
  // The chunk's ids in population order. Their digests are hashed again at refill in that order
  // (sequential manifest access, four per SIMD compression) and turned into tickets at once, so
  // drawing a first ticket needs no hash.
  let chunkIds = new Int32Array(0);
  // The chunk's full tickets, written as ASCII at TICKET_STRIDE·slot (their lengths in
  // chunkLengths) and decoded as one string, so a member's ticket is a slice of it rather than
  // a decode of its own. With replacement and SIMD, chunkNextKeys holds the 13-digit key of each
  // member's next ticket when next_fraction's first attempt is accepted (-1 when the keys
  // reject it, NaN when they do not decide).
  let chunkText = '';
  let chunkLengths = new Int32Array(0);
  let chunkNextKeys: Float64Array = new Float64Array(0);
  // The digests of those first attempts, 8 words per member.
  let chunkNextStates = new Int32Array(0);
  const chunkTicket = (slot: number): string =>
    chunkText.slice(TICKET_STRIDE * slot, TICKET_STRIDE * slot + (chunkLengths[slot] as number));
  // Chunks are found with a histogram of the keys above the bound (BUCKETS equal-width buckets
  // over (bound, keyLimit)): the chunk is every key in the first buckets that hold at least
  // `wanted` keys. The bucket of a key never decreases as the key grows, so a chunk is always
  // every key in (bound, largest key taken], equal keys never straddle two chunks, and the
  // buckets also order the chunk (each is then sorted on its own: a few keys each).
  const keyLimit = 10 ** keyDigits;
  const counts = new Int32Array(BUCKETS + 1);
  const refill = (wanted: number): void => {
    const low = bound;
    const scale = BUCKETS / (keyLimit - low);
    counts.fill(0);
    for (let i = 0; i < size; i++) {
      const k = keys[i] as number;
      if (k > low) {
        const b = Math.min(Math.floor((k - low) * scale), BUCKETS - 1);
        counts[b] = (counts[b] as number) + 1;
      }
    }
    // The last bucket taken and the start of each bucket's run in the sorted chunk.
    let m = 0;
    let last = 0;
    for (; last < BUCKETS; last++) {
      const c = counts[last] as number;
      counts[last] = m;
      m += c;
      if (m >= wanted) break;
    }
    if (last === BUCKETS) last--;
    counts[last + 1] = m;
    const ids = new Int32Array(m);
    const key = new Float64Array(m);
    const slots = new Int32Array(m);
    let top = low;
    for (let i = 0, n = 0; i < size; i++) {
      const k = keys[i] as number;
      if (k <= low) continue;
      const b = Math.min(Math.floor((k - low) * scale), BUCKETS - 1);
      if (b > last) continue;
      const at = counts[b] as number;
      counts[b] = at + 1;
      key[at] = k;
      slots[at] = n;
      ids[n++] = i;
      if (k > top) top = k;
    }
    // Each bucket's run now ends where the next one starts; sort the runs.
    for (let b = 0, start = 0; b <= last; b++) {
      const end = counts[b] as number;
      if (end - start > 1) sortByKey(key, slots, start, end - 1);
      start = end;
    }
    const states = new Int32Array(8 * m);
    if (top <= keptBelow) {
      // Every member's digest was kept by the ranking pass: both id lists are ascending.
      for (let k = 0, at = 0; k < m; k++) {
        const id = ids[k] as number;
        while ((keptIds[at] as number) < id) at++;
        for (let j = 0; j < 8; j++) states[8 * k + j] = keptStates[8 * at + j] as number;
      }
    } else
      hashIds(ids, 0, m, (k, words, base, stride) => {
        for (let j = 0; j < 8; j++) states[8 * k + j] = words[base + stride * j] as number;
        // Keys computed elsewhere are checked for every id that can be drawn.
        if (
          given !== undefined &&
          sortKeyOfWords(words, base, stride) !== given[ids[k] as number]
        ) {
          throw new Error(`openSamplerSession: firstKeys[${String(ids[k])}] is not that id's key`);
        }
      });
    if (kept > 0) {
      // Kept digests serve the first chunk only.
      keptBelow = -1;
      keptIds = new Int32Array(0);
      keptStates = new Int32Array(0);
      kept = 0;
    }
    chunkIds = ids;
    // Nearly every chunk member is drawn: write all their tickets now, in one buffer.
    const text = new Uint8Array(TICKET_STRIDE * m);
    const lengths = new Int32Array(m);
    for (let slot = 0; slot < m; slot++) {
      const at = TICKET_STRIDE * slot;
      text[at] = 48;
      text[at + 1] = 46;
      lengths[slot] = writeTicketDigits(states, text, at + 2, 8 * slot) - at;
    }
    chunkText = decoder.decode(text);
    chunkLengths = lengths;
    // With replacement each draw needs its repeat's key at once: hash the first next_fraction
    // attempt of every member now, four at a time.
    chunkNextKeys =
      withReplacement && x4 !== undefined
        ? firstAttemptKeys(text, lengths, x4, (chunkNextStates = new Int32Array(8 * m)))
        : new Float64Array(0);
    settleEqualKeys(key, slots, chunkTicket);
    bound = top;
    placed += m;
    chunk = slots;
    chunkPos = 0;
  };

  // The log of draws so far, in columns (no object per draw).
  let drawnIndex = new Int32Array(1024);
  let drawnGeneration = new Int32Array(1024);
  // With replacement: the digest of the accepted next_fraction attempt of each draw's id (its
  // next ticket), so the ticket is built without hashing again when it is drawn.
  let drawnNextState = new Int32Array(withReplacement ? 8 * 1024 : 0);
  const drawnTicket: string[] = [];
  let drawnCount = 0;
  const logDraw = (ticket: string, index: number, generation: number): void => {
    if (drawnCount === drawnIndex.length) {
      const index2 = new Int32Array(2 * drawnCount);
      index2.set(drawnIndex);
      drawnIndex = index2;
      const generation2 = new Int32Array(2 * drawnCount);
      generation2.set(drawnGeneration);
      drawnGeneration = generation2;
      if (withReplacement) {
        const state2 = new Int32Array(16 * drawnCount);
        state2.set(drawnNextState);
        drawnNextState = state2;
      }
    }
    drawnIndex[drawnCount] = index;
    drawnGeneration[drawnCount] = generation;
    drawnTicket.push(ticket);
    drawnCount++;
  };

  // Repeat draws waiting (with replacement): a binary min-heap in typed arrays. An entry is the
  // next ticket of the id drawn as draw `from`: its key (its digest is in drawnNextState); its
  // full ticket is built only when it is drawn or its key ties another's.
  let heapKey = new Float64Array(1024);
  let heapFrom = new Int32Array(1024);
  let heapSize = 0;
  const heapTickets = new Map<number, string>();
  const fullTicket = (from: number): string => {
    let t = heapTickets.get(from);
    if (t === undefined) {
      t = ticketOfState(drawnTicket[from] as string, drawnNextState, 8 * from);
      heapTickets.set(from, t);
    }
    return t;
  };

  const before = (a: number, b: number): boolean => {
    const ka = heapKey[a] as number;
    const kb = heapKey[b] as number;
    return (
      ka < kb ||
      (ka === kb && fullTicket(heapFrom[a] as number) < fullTicket(heapFrom[b] as number))
    );
  };
  const swap = (a: number, b: number): void => {
    const k = heapKey[a] as number;
    heapKey[a] = heapKey[b] as number;
    heapKey[b] = k;
    const f = heapFrom[a] as number;
    heapFrom[a] = heapFrom[b] as number;
    heapFrom[b] = f;
  };
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heapSize) return;
      const child = left + 1 < heapSize && before(left + 1, left) ? left + 1 : left;
      if (!before(child, i)) return;
      swap(i, child);
      i = child;
    }
  };
  // Sets the heap's top (replace = true) or adds an entry from nextKey/nextTicket.
  const heapPut = (from: number, replace: boolean): void => {
    if (nextTicket !== undefined) heapTickets.set(from, nextTicket);
    if (!replace && heapSize === heapKey.length) {
      const key2 = new Float64Array(2 * heapSize);
      key2.set(heapKey);
      heapKey = key2;
      const from2 = new Int32Array(2 * heapSize);
      from2.set(heapFrom);
      heapFrom = from2;
    }
    const at = replace ? 0 : heapSize++;
    heapKey[at] = nextKey;
    heapFrom[at] = from;
    if (replace) {
      siftDown();
      return;
    }
    for (let i = at; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };

  const extend = (count: number): void => {
    while (drawnCount < count) {
      // Each refill scans every key, so refill generously: later rounds then cost one scan.
      if (chunkPos >= chunk.length && placed < size) {
        refill(Math.max(count - drawnCount, MIN_CHUNK));
      }
      const slot = chunkPos < chunk.length ? (chunk[chunkPos] as number) : -1;
      const i = slot >= 0 ? (chunkIds[slot] as number) : -1;
      if (
        i >= 0 &&
        (heapSize === 0 ||
          (keys[i] as number) < (heapKey[0] as number) ||
          ((keys[i] as number) === heapKey[0] &&
            chunkTicket(slot) < fullTicket(heapFrom[0] as number)))
      ) {
        chunkPos++;
        const ticket = chunkTicket(slot);
        const d = drawnCount;
        logDraw(ticket, i, 1);
        if (withReplacement) {
          const next = chunkNextKeys[slot] ?? Number.NaN;
          if (Number.isNaN(next)) {
            repeatOf(ticket);
            drawnNextState.set(kernel.state, 8 * d);
          } else if (next < 0) {
            repeatOf(ticket, 2);
            drawnNextState.set(kernel.state, 8 * d);
          } else {
            for (let j = 0; j < 8; j++) {
              drawnNextState[8 * d + j] = chunkNextStates[8 * slot + j] as number;
            }
            nextKey = keyScale === 1 ? next : Math.floor(next / keyScale);
            nextTicket = undefined;
          }
          heapPut(d, false);
        }
      } else if (heapSize > 0) {
        const from = heapFrom[0] as number;
        const ticket = fullTicket(from);
        heapTickets.delete(from);
        const d = drawnCount;
        logDraw(ticket, drawnIndex[from] as number, (drawnGeneration[from] as number) + 1);
        repeatOf(ticket);
        drawnNextState.set(kernel.state, 8 * d);
        heapPut(d, true);
      } else {
        return;
      }
    }
  };

  const forEachDraw: SamplerSession['forEachDraw'] = (drop, take, visit) => {
    extend(drop + take);
    const end = Math.min(drop + take, drawnCount);
    for (let d = drop; d < end; d++) {
      visit(drawnTicket[d] as string, drawnIndex[d] as number, drawnGeneration[d] as number);
    }
  };
  return {
    size,
    idAt,
    draws(drop, take) {
      const out: StreamDraw[] = [];
      forEachDraw(drop, take, (ticket, index, generation) => {
        out.push({ ticket, index, generation });
      });
      return out;
    },
    forEachDraw,
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
  let idView = new DataView(idBuffer.buffer);
  const writer = input.writeIdBytes;
  const writeId = (i: number): number => {
    if (writer !== undefined) {
      for (;;) {
        const n = writer(i, idBuffer);
        if (n >= 0) return n;
        idBuffer = new Uint8Array(idBuffer.length * 2);
        idView = new DataView(idBuffer.buffer);
      }
    }
    return writeUtf8(idAt(i));
  };
  const writeUtf8 = (s: string): number => {
    if (s.length * 3 > idBuffer.length) {
      idBuffer = new Uint8Array(s.length * 3 + 64);
      idView = new DataView(idBuffer.buffer);
    }
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
        packBlock(idBuffer, idView, length, words, x4.block + filled);
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
function packBlock(
  bytes: Uint8Array,
  view: DataView,
  length: number,
  words: Int32Array,
  base: number,
): void {
  const whole = length >> 2;
  // Whole words as big-endian 32-bit loads (`view` is a view of `bytes` from its offset 0).
  for (let j = 0; j < whole; j++) words[base + 4 * j] = view.getInt32(4 * j);
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
 * t's; -1 when its key is below t's (it is rejected); NaN when the keys do not decide (the
 * caller then runs the full rule). Tickets are
 * 66-82 characters, so each message is exactly two blocks; four messages go per compression.
 */
function firstAttemptKeys(
  text: Uint8Array,
  lengths: Int32Array,
  x4: Sha256x4,
  states: Int32Array,
): Float64Array {
  const count = lengths.length;
  const keys = new Float64Array(count);
  const words = x4.words;
  const tail = new Uint8Array(64);
  const tailView = new DataView(tail.buffer);
  const view = new DataView(text.buffer, text.byteOffset, text.byteLength);
  for (let k = 0; k < count; k += 4) {
    const lanes = Math.min(4, count - k);
    x4.setMidstate(SHA256_IV);
    for (let l = 0; l < lanes; l++) {
      const at = TICKET_STRIDE * (k + l);
      for (let j = 0; j < 16; j++) words[x4.block + 4 * j + l] = view.getInt32(at + 4 * j);
    }
    x4.compress();
    x4.chain();
    for (let l = 0; l < lanes; l++) {
      const at = TICKET_STRIDE * (k + l);
      const end = at + (lengths[k + l] as number);
      let n = 0;
      for (let q = at + 64; q < end; q++) tail[n++] = text[q] as number;
      tail[n++] = 58;
      tail[n++] = 49;
      packBlock(tail, tailView, n, words, x4.block + l);
    }
    x4.compress();
    for (let l = 0; l < lanes; l++) {
      const at = TICKET_STRIDE * (k + l);
      let nines = 0;
      while (text[at + 2 + nines] === 57) nines++;
      let own = 0;
      for (let q = at + 2; q < at + 15; q++) own = own * 10 + (text[q] as number) - 48;
      const key = withNines(nines, sortKeyOfWords(words, x4.out + l, 4));
      keys[k + l] = key > own ? key : key < own ? -1 : Number.NaN;
      for (let j = 0; j < 8; j++) states[8 * (k + l) + j] = words[x4.out + l + 4 * j] as number;
    }
  }
  return keys;
}

/** The fewest first tickets a chunk is asked for (a refill scans every key). */
const MIN_CHUNK = 4096;

/** Histogram buckets used to find a chunk of first tickets (see refill). */
const BUCKETS = 1 << 16;

/**
 * Bytes per ticket in a chunk's ticket buffer: "0." and the 80 digits writeTicketDigits writes
 * before it drops high-order zeros (a ticket keeps at most 78), rounded up.
 */
const TICKET_STRIDE = 84;

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
