import { SourceFileError } from './source-file-error.ts';

const NEWLINE = 10;

/**
 * Decodes a stream of UTF-8 bytes into text chunks, dropping a leading byte-order mark. Bytes
 * that are not UTF-8 (Latin-1 `é` as 0xE9, a UTF-16 file, NUL bytes) end the stream with a
 * {@link SourceFileError} of code `encoding` that names the line, so a wrongly saved file is
 * rejected with a message instead of being imported as mojibake.
 *
 * `decodeAscii`, when given, is tried first on each chunk and returns null unless the chunk is
 * plain ASCII: a host with a native ASCII check (Node's `buffer.isAscii`) decodes the common case
 * several times faster than a validating UTF-8 decoder, and everything else still goes through it.
 * @example
 * for await (const text of decodeUtf8(bytes, 'results.csv')) parser.push(text);
 */
export async function* decodeUtf8(
  bytes: AsyncIterable<Uint8Array>,
  file: string,
  decodeAscii?: (bytes: Uint8Array) => string | null,
): AsyncGenerator<string> {
  // ignoreBOM keeps the mark in the output, so stripping it is explicit and happens once.
  // Chunks are decoded whole, never with `{ stream: true }`: V8 builds the streamed strings in a
  // way that made the CSV scan over them 10-40 times slower. A character split across chunks is
  // carried over by hand instead.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = 1;
  let head: Uint8Array | null = new Uint8Array(0);
  let carry: Uint8Array = new Uint8Array(0);
  let started = false;
  for await (const raw of bytes) {
    let chunk = raw;
    if (head !== null) {
      // The first two bytes decide UTF-16; a chunk may be a single byte, so gather them.
      chunk = concat(head, raw);
      if (chunk.length < 2) {
        head = chunk;
        continue;
      }
      head = null;
      checkUtf16(chunk, file);
    }
    const nul = chunk.indexOf(0);
    if (nul !== -1) throw encodingError(file, line + countNewlines(chunk, 0, nul), nulReason());
    const joined = concat(carry, chunk);
    const complete = completeLength(joined);
    carry = joined.slice(complete);
    const whole = joined.subarray(0, complete);
    let text: string;
    try {
      text = decodeAscii?.(whole) ?? decoder.decode(whole);
    } catch {
      throw encodingError(
        file,
        line + countNewlines(joined, 0, firstInvalidByte(joined)),
        invalidReason(),
      );
    }
    line += countNewlines(joined, 0, complete);
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) yield text;
  }
  if (head !== null && head.length > 0) {
    checkUtf16(head, file);
    if (head.indexOf(0) !== -1) throw encodingError(file, line, nulReason());
    carry = head;
  }
  if (carry.length > 0) {
    let tail: string;
    try {
      tail = decoder.decode(carry);
    } catch {
      throw encodingError(file, line, 'the file ends in the middle of a UTF-8 character');
    }
    if (!started && tail.charCodeAt(0) === 0xfeff) tail = tail.slice(1);
    if (tail.length > 0) yield tail;
  }
}

/**
 * The length of the longest prefix of `bytes` that does not end inside a multi-byte UTF-8
 * sequence. Invalid bytes are left for the decoder to reject.
 */
function completeLength(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= Math.min(3, length); back++) {
    const byte = bytes[length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? length - back : length;
  }
  return length;
}

function checkUtf16(start: Uint8Array, file: string): void {
  const a = start[0];
  const b = start[1];
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff))
    throw encodingError(
      file,
      1,
      'the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8',
    );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (
    let at = bytes.indexOf(NEWLINE, from);
    at !== -1 && at < to;
    at = bytes.indexOf(NEWLINE, at + 1)
  )
    count++;
  return count;
}

/**
 * The offset of the first byte that breaks UTF-8 in a chunk (0 when the bad sequence began in an
 * earlier chunk). Only runs after the decoder has failed, so it may be slow.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const byte = bytes[at] ?? 0;
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte < 0xe0
          ? 2
          : byte >= 0xe0 && byte < 0xf0
            ? 3
            : byte >= 0xf0 && byte < 0xf5
              ? 4
              : 0;
    if (length === 0) return at;
    for (let next = 1; next < length; next++) {
      if (at + next >= bytes.length) return at;
      if (((bytes[at + next] ?? 0) & 0xc0) !== 0x80) return at;
    }
    at += length;
  }
  return 0;
}

function encodingError(file: string, line: number, reason: string): SourceFileError {
  return new SourceFileError([{ file, line, column: null, code: 'encoding', reason }]);
}

function invalidReason(): string {
  return 'the file is not valid UTF-8 (perhaps Latin-1 or Windows-1252); save it as UTF-8';
}

function nulReason(): string {
  return 'the file contains NUL bytes (perhaps UTF-16 without a byte-order mark, or a binary file); save it as UTF-8 text';
}
