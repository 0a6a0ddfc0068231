import { isAscii } from 'node:buffer';

/**
 * Decodes a chunk that is plain ASCII, or returns null so the caller's validating UTF-8 decoder
 * takes it. Most results files are ASCII, and Node checks and decodes that natively several times
 * faster than `TextDecoder` with `fatal: true`. Pass it as `decodeUtf8`'s third argument.
 */
export function decodeAscii(chunk: Uint8Array): string | null {
  if (!isAscii(chunk)) return null;
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1');
}
