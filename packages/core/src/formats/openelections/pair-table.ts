const EMPTY = -1;
const MAX_LOAD = 0.7;

/**
 * A set of (a, b) pairs of non-negative int32s with one int32 payload each, in open addressing
 * over typed arrays: 12 bytes a slot, no per-entry objects, and no cap at the ~16.7M entries of a
 * JS Map or Set. Used to find duplicated row keys in files of tens of millions of rows.
 * @example
 * const seen = new PairTable();
 * seen.putIfAbsent(3, 7, 12); // -1: new
 * seen.putIfAbsent(3, 7, 40); // 12: the payload stored first
 */
export class PairTable {
  #a: Int32Array;
  #b: Int32Array;
  #payload: Int32Array;
  #mask: number;
  #size = 0;

  constructor(initialCapacity = 1 << 12) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.#a = new Int32Array(capacity).fill(EMPTY);
    this.#b = new Int32Array(capacity);
    this.#payload = new Int32Array(capacity);
    this.#mask = capacity - 1;
  }

  /** Number of pairs stored. */
  get size(): number {
    return this.#size;
  }

  /** The payload stored for the pair, or -1. */
  get(a: number, b: number): number {
    let slot = hash(a, b) & this.#mask;
    for (;;) {
      const stored = this.#a[slot] ?? EMPTY;
      if (stored === EMPTY) return EMPTY;
      if (stored === a && this.#b[slot] === b) return this.#payload[slot] ?? EMPTY;
      slot = (slot + 1) & this.#mask;
    }
  }

  /** Stores the pair with `payload` and returns -1, or returns the payload already stored for it. */
  putIfAbsent(a: number, b: number, payload: number): number {
    const aArr = this.#a;
    const bArr = this.#b;
    let slot = hash(a, b) & this.#mask;
    for (;;) {
      const stored = aArr[slot] ?? EMPTY;
      if (stored === EMPTY) break;
      if (stored === a && bArr[slot] === b) return this.#payload[slot] ?? EMPTY;
      slot = (slot + 1) & this.#mask;
    }
    aArr[slot] = a;
    bArr[slot] = b;
    this.#payload[slot] = payload;
    this.#size++;
    if (this.#size > this.#mask * MAX_LOAD) this.#grow();
    return EMPTY;
  }

  #grow(): void {
    const oldA = this.#a;
    const oldB = this.#b;
    const oldPayload = this.#payload;
    const capacity = oldA.length * 2;
    this.#a = new Int32Array(capacity).fill(EMPTY);
    this.#b = new Int32Array(capacity);
    this.#payload = new Int32Array(capacity);
    this.#mask = capacity - 1;
    for (let slot = 0; slot < oldA.length; slot++) {
      const a = oldA[slot] ?? EMPTY;
      if (a === EMPTY) continue;
      const b = oldB[slot] ?? 0;
      let to = hash(a, b) & this.#mask;
      while (this.#a[to] !== EMPTY) to = (to + 1) & this.#mask;
      this.#a[to] = a;
      this.#b[to] = b;
      this.#payload[to] = oldPayload[slot] ?? 0;
    }
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
