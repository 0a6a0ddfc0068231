import { bytesToHex, sha256Bytes } from '../../hash/sha256.ts';

/**
 * SHA-256 of a string's UTF-8 bytes: raw bytes, 64 hex characters, or a 32-character latin1
 * string (one character per byte). The sampler takes one so that Node callers can pass
 * node:crypto (several times faster) while core stays free of node:*. In Node,
 * `(t) => crypto.hash('sha256', t, 'latin1')` is the fastest form.
 */
export type Sha256Digest = (text: string) => Uint8Array | string;

/** A digest value (any of the {@link Sha256Digest} forms) as lowercase hex. */
export function toHex(d: Uint8Array | string): string {
  if (typeof d !== 'string') return bytesToHex(d);
  if (d.length === 64) return d.toLowerCase();
  let hex = '';
  for (let i = 0; i < d.length; i++) hex += HEX_PAIRS[d.charCodeAt(i) & 255] as string;
  return hex;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A digest as lowercase hex. */
export function digestHex(digest: Sha256Digest, text: string): string {
  return toHex(digest(text));
}

const encoder = new TextEncoder();

/**
 * The pure-TypeScript default digest.
 * @example bytesToHex(pureSha256Digest('abc')).slice(0, 8) // 'ba7816bf'
 */
export const pureSha256Digest: Sha256Digest = (text) => sha256Bytes(encoder.encode(text));

/** Bytes of a lowercase or uppercase hex string. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export { bytesToHex };
