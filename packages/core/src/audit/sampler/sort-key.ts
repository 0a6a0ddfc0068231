// Ticket strings start with the low-order decimal digits of the hash, reversed. The first 13 of
// them are a number below 2^53, computable from the digest bytes with float arithmetic, so the
// sampler can rank a million ids without building a million 78-digit strings. Equal keys (about
// one pair per ten million ids) fall back to comparing the full strings.

const MODULUS = 1e13;

/**
 * The first 13 ticket digits of a digest, as an integer.
 * @example ticketSortKey(digest) // 5699807186179 for sha256('abc')
 */
export function ticketSortKey(bytes: Uint8Array): number {
  let low = 0;
  // (low * 256 + byte) < 2.6e15 stays exact in a double.
  for (const byte of bytes) low = (low * 256 + byte) % MODULUS;
  let key = 0;
  for (let i = 0; i < 13; i++) {
    const digit = low % 10;
    key = key * 10 + digit;
    low = (low - digit) / 10;
  }
  return key;
}
