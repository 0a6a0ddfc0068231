import type { Sha256Digest } from '../sampler/digest.ts';
import { digestHex } from '../sampler/digest.ts';

/**
 * The k-th output of cryptorandom's SHA-256 counter generator, as SHANGRLA assigns CVR sample
 * numbers: SHA-256(seed + ',' + k NUL characters) read as a big-endian integer.
 * @example sha256PrngValue(digest, '12345678901234567890', 0) // 107373025055971426206438240162655579071782265061443679236137775396717521217875n
 */
export function sha256PrngValue(digest: Sha256Digest, seed: string, k: number): bigint {
  return BigInt('0x' + digestHex(digest, seed + ',' + '\u0000'.repeat(k)));
}
