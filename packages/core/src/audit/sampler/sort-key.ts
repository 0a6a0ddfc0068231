// Ticket strings start with the low-order decimal digits of the hash, reversed. The first 13 of
// them form a number below 2^53 that can be computed from the digest with float arithmetic, so
// the sampler can rank a million ids without building a million 78-digit strings. Equal keys
// (about one pair per ten million ids) fall back to comparing the full strings.
//
// x mod 10^13 comes from x mod 2^13 (the low bits) and x mod 5^13 by the Chinese remainder
// theorem. For x mod 5^13, x = Σ w_k·2^(16(15−k)) over 16-bit words w_k; with T_k = 2^(16(15−k))
// mod 5^13 (< 2^31) every product is below 2^47 and their sum below 2^51, so one float modulo at
// the end is exact.

export const FIVE13 = 1220703125;
export const TWO13 = 8192;
export const POW_MOD = (() => {
  const t = new Float64Array(16);
  let p = 1;
  for (let k = 15; k >= 0; k--) {
    t[k] = p;
    p = (p * 65536) % FIVE13;
  }
  return t;
})();
// (5^13)^-1 mod 2^13.
export const INV_FIVE13 = (() => {
  for (let k = 1; k < TWO13; k++) if ((FIVE13 * k) % TWO13 === 1) return k;
  return 0;
})();
export const REVERSE4 = (() => {
  const t = new Float64Array(10000);
  for (let i = 0; i < 10000; i++) {
    t[i] =
      (i % 10) * 1000 +
      (Math.floor(i / 10) % 10) * 100 +
      (Math.floor(i / 100) % 10) * 10 +
      Math.floor(i / 1000);
  }
  return t;
})();
const NIBBLE = (() => {
  const t = new Int32Array(128);
  for (let c = 0; c < 10; c++) t[48 + c] = c;
  for (let c = 0; c < 6; c++) {
    t[97 + c] = 10 + c;
    t[65 + c] = 10 + c;
  }
  return t;
})();

/**
 * The first 13 ticket digits of a digest (bytes, 64 hex characters or 32 latin1 characters).
 * @example ticketSortKey(sha256('abc')) // 5699807186179
 */
export function ticketSortKey(digest: Uint8Array | string): number {
  let mod5 = 0;
  let low16 = 0;
  if (typeof digest === 'string' && digest.length === 32) {
    // latin1: one character per byte.
    for (let k = 0; k < 16; k++) {
      const w = (digest.charCodeAt(2 * k) << 8) | digest.charCodeAt(2 * k + 1);
      mod5 += w * (POW_MOD[k] as number);
      low16 = w;
    }
  } else if (typeof digest === 'string') {
    for (let k = 0; k < 16; k++) {
      const i = k * 4;
      const w =
        ((NIBBLE[digest.charCodeAt(i)] as number) << 12) |
        ((NIBBLE[digest.charCodeAt(i + 1)] as number) << 8) |
        ((NIBBLE[digest.charCodeAt(i + 2)] as number) << 4) |
        (NIBBLE[digest.charCodeAt(i + 3)] as number);
      mod5 += w * (POW_MOD[k] as number);
      low16 = w;
    }
  } else {
    for (let k = 0; k < 16; k++) {
      const w = ((digest[2 * k] as number) << 8) | (digest[2 * k + 1] as number);
      mod5 += w * (POW_MOD[k] as number);
      low16 = w;
    }
  }
  mod5 %= FIVE13;
  const low13 = low16 & (TWO13 - 1);
  const lift = (((((low13 - (mod5 % TWO13)) % TWO13) + TWO13) % TWO13) * INV_FIVE13) % TWO13;
  const y = mod5 + FIVE13 * lift;
  // Reverse the 13 digits of y, four at a time.
  const g0 = y % 10000;
  const y1 = (y - g0) / 10000;
  const g1 = y1 % 10000;
  const y2 = (y1 - g1) / 10000;
  const g2 = y2 % 10000;
  const g3 = (y2 - g2) / 10000;
  return (
    (REVERSE4[g0] as number) * 1e9 +
    (REVERSE4[g1] as number) * 1e5 +
    (REVERSE4[g2] as number) * 10 +
    g3
  );
}
