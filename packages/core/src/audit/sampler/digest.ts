import { bytesToHex, sha256Bytes } from '../../hash/sha256.ts';

/**
 * SHA-256 of a string's UTF-8 bytes, as raw bytes or as 64 lowercase hex characters. The sampler
 * takes one so that Node callers can pass node:crypto (several times faster) while core stays
 * free of node:*. In Node, `(t) => crypto.hash('sha256', t, 'hex')` is the fastest form.
 */
export type Sha256Digest = (text: string) => Uint8Array | string;

/** A digest as lowercase hex. */
export function digestHex(digest: Sha256Digest, text: string): string {
  const d = digest(text);
  return typeof d === 'string' ? d : bytesToHex(d);
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
