import { sha256Hex, type Sha256Hex } from '../hash/sha256.ts';
import type { ElectionDefinition } from './election.ts';

/**
 * JSON with object keys sorted at every level, so equal values always give equal text.
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const chunks: string[] = [];
  writeCanonicalJson(value, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/**
 * Writes the canonical JSON of `value` to `write` in pieces of about 64 KB, so a caller can hash
 * or store a very large value without holding its text twice.
 * @example writeCanonicalJson({ a: 1 }, (chunk) => hash.update(chunk));
 */
export function writeCanonicalJson(value: unknown, write: (chunk: string) => void): void {
  const writer = new ChunkWriter(write);
  writeCanonical(value, writer);
  writer.end();
}

// National definitions have millions of strings: kept until the end, each small piece cost about
// 40 bytes (over a gigabyte for one definition), so pieces are joined into a flat chunk of about
// 64 KB as soon as they add up to one, and only the chunks are kept.
const CHUNK_CHARS = 1 << 16;

class ChunkWriter {
  #pieces: string[] = [];
  #length = 0;
  readonly #write: (chunk: string) => void;

  constructor(write: (chunk: string) => void) {
    this.#write = write;
  }

  push(piece: string): void {
    this.#pieces.push(piece);
    this.#length += piece.length;
    if (this.#length >= CHUNK_CHARS) this.end();
  }

  end(): void {
    if (this.#length === 0) return;
    this.#write(this.#pieces.join(''));
    this.#pieces = [];
    this.#length = 0;
  }
}

function writeCanonical(value: unknown, parts: ChunkWriter): void {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new Error(`cannot encode ${typeof value} as canonical JSON`);
    parts.push(text);
    return;
  }
  if (Array.isArray(value)) {
    if (isPrimitiveArray(value)) {
      writePrimitiveArray(value, parts);
      return;
    }
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      writeCanonical(value[i], parts);
    }
    parts.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  // Primitive members are gathered into one piece (a ledger's facts are hundreds of thousands of
  // flat objects); nested values are written through `parts` as before.
  let piece = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    piece += first ? quotedKey(key) : `,${quotedKey(key)}`;
    first = false;
    if (item === null || typeof item !== 'object') {
      const text = JSON.stringify(item) as string | undefined;
      if (text === undefined) throw new Error(`cannot encode ${typeof item} as canonical JSON`);
      piece += text;
    } else {
      parts.push(piece);
      piece = '';
      writeCanonical(item, parts);
    }
  }
  parts.push(`${piece}}`);
}

// Objects of one kind repeat the same few keys: each is quoted once.
const QUOTED_KEYS = new Map<string, string>();
const QUOTED_KEYS_MAX = 10_000;

/** `"key":`, from a small cache. */
function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (QUOTED_KEYS.size < QUOTED_KEYS_MAX) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** Whether every element is a string, number, boolean or null: JSON.stringify writes those canonically. */
function isPrimitiveArray(value: readonly unknown[]): boolean {
  for (const item of value) {
    const type = typeof item;
    if (item !== null && type !== 'string' && type !== 'number' && type !== 'boolean') return false;
  }
  return true;
}

// Elements per JSON.stringify call: large enough to leave the per-element work to V8, small enough
// that a list of a million unit ids never becomes one huge string.
const PRIMITIVE_SLICE = 4096;

/**
 * Writes an array of primitives a slice at a time with JSON.stringify, which gives exactly the
 * text of writing each element (definitions' unit-id lists are most of their size).
 */
function writePrimitiveArray(value: readonly unknown[], parts: ChunkWriter): void {
  if (value.length <= PRIMITIVE_SLICE) {
    parts.push(JSON.stringify(value));
    return;
  }
  parts.push('[');
  for (let start = 0; start < value.length; start += PRIMITIVE_SLICE) {
    if (start > 0) parts.push(',');
    const text = JSON.stringify(value.slice(start, start + PRIMITIVE_SLICE));
    parts.push(text.slice(1, -1));
  }
  parts.push(']');
}

/**
 * The stable content hash of an election definition: SHA-256 of its canonical JSON.
 * Every stored result names the hash of the definition it was validated against.
 */
export function definitionHash(
  definition: ElectionDefinition,
  sha256: Sha256Hex = sha256Hex,
): string {
  return sha256(canonicalJson(definition));
}
