import { bytesToHex, sha256Bytes } from '../../hash/sha256.ts';

/**
 * SHA-256 of a string's UTF-8 bytes, as raw bytes. The sampler takes one so that Node callers can
 * pass node:crypto (several times faster) while core stays free of node:*.
 */
export type Sha256Digest = (text: string) => Uint8Array;

const encoder = new TextEncoder();

/**
 * The pure-TypeScript default digest.
 * @example bytesToHex(pureSha256Digest('abc')).slice(0, 8) // 'ba7816bf'
 */
export const pureSha256Digest: Sha256Digest = (text) => sha256Bytes(encoder.encode(text));

/** Adapts a hex-returning SHA-256 (like `sha256Hex`) to a {@link Sha256Digest}. */
export function digestFromHex(hex: (text: string) => string): Sha256Digest {
  return (text) => hexToBytes(hex(text));
}

/** Bytes of a lowercase or uppercase hex string. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export { bytesToHex };
