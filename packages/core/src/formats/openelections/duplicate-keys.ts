import { PairTable } from './pair-table.ts';

const BLOCK_BITS = 20;
/** Int32s per log block (4 MiB); even, so a (slot, line) pair never straddles two blocks. */
const BLOCK = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK - 1;

/**
 * Finds repeated row keys (unit, key slot) in a file of tens of millions of rows, cheaply.
 *
 * Rows of a unit nearly always come together, so the rows of a unit's first run are checked
 * against a direct table indexed by key slot (stamped with the run, so it never needs clearing)
 * and appended to a sequential log. Only when a unit comes back after other units are its logged
 * keys moved into a hash table on typed arrays, which then checks that unit's rows. Random memory
 * access per row, which dominated the import, is avoided in the common case; memory stays at
 * 8 bytes a row plus the few units that come back.
 * @example
 * const keys = new DuplicateKeys();
 * keys.check(0, 5, 2); // -1
 * keys.check(0, 5, 9); // 2: line 9 repeats the key of line 2
 */
export class DuplicateKeys {
  #run = 0;
  #unit = -1;
  #viaTable = false;
  #firstStart = new Int32Array(1024).fill(-1);
  #firstCount = new Int32Array(1024);
  #revisited = new Uint8Array(1024);
  #slotRun = new Int32Array(1024);
  #slotLine = new Int32Array(1024);
  /** (slot, line) pairs of first runs, in fixed blocks so growing never copies. */
  readonly #log: Int32Array[] = [];
  #logLength = 0;
  readonly #table = new PairTable(1 << 10);

  /** Records the key of a row; returns the line of an earlier row with the same key, or -1. */
  check(unit: number, slot: number, line: number): number {
    if (unit !== this.#unit) this.#enter(unit);
    if (this.#viaTable) return this.#table.putIfAbsent(unit, slot, line);
    if (slot >= this.#slotRun.length) this.#growSlots(slot);
    if (this.#slotRun[slot] === this.#run) return this.#slotLine[slot] ?? -1;
    this.#slotRun[slot] = this.#run;
    this.#slotLine[slot] = line;
    const offset = this.#logLength & BLOCK_MASK;
    if (offset === 0) this.#log.push(new Int32Array(BLOCK));
    const block = this.#log[this.#log.length - 1];
    if (block === undefined) throw new Error('no log block');
    block[offset] = slot;
    block[offset + 1] = line;
    this.#logLength += 2;
    this.#firstCount[unit] = (this.#firstCount[unit] ?? 0) + 1;
    return -1;
  }

  #enter(unit: number): void {
    this.#run++;
    this.#unit = unit;
    if (unit >= this.#firstStart.length) this.#growUnits(unit);
    if (this.#revisited[unit] === 1) {
      this.#viaTable = true;
      return;
    }
    const start = this.#firstStart[unit] ?? -1;
    if (start === -1) {
      this.#firstStart[unit] = this.#logLength;
      this.#firstCount[unit] = 0;
      this.#viaTable = false;
      return;
    }
    // The unit is back after other units: its first run's keys move to the hash table.
    const end = start + 2 * (this.#firstCount[unit] ?? 0);
    for (let at = start; at < end; at += 2) {
      const block = this.#log[at >>> BLOCK_BITS];
      const offset = at & BLOCK_MASK;
      this.#table.putIfAbsent(unit, block?.[offset] ?? 0, block?.[offset + 1] ?? 0);
    }
    this.#revisited[unit] = 1;
    this.#viaTable = true;
  }

  #growUnits(unit: number): void {
    let size = this.#firstStart.length;
    while (size <= unit) size *= 2;
    const start = new Int32Array(size).fill(-1);
    start.set(this.#firstStart);
    this.#firstStart = start;
    this.#firstCount = grown(this.#firstCount, size);
    const revisited = new Uint8Array(size);
    revisited.set(this.#revisited);
    this.#revisited = revisited;
  }

  #growSlots(slot: number): void {
    let size = this.#slotRun.length;
    while (size <= slot) size *= 2;
    this.#slotRun = grown(this.#slotRun, size);
    this.#slotLine = grown(this.#slotLine, size);
  }
}

function grown(array: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> {
  let size = array.length;
  while (size < atLeast) size *= 2;
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
