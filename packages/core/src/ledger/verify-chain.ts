import type { Sha256Hex } from '../hash/sha256.ts';
import { GENESIS_HASH, recordHash, type LedgerRecord } from './ledger-record.ts';

/** Checks one signature: true when `signature` signs `message` under the server's public key. */
export type SignatureCheck = (message: string, signature: string) => boolean;

/** A break in the ledger, with the record it was found at. */
export interface ChainProblem {
  readonly sequence: number;
  readonly problem: 'sequence-gap' | 'previous-hash-mismatch' | 'hash-mismatch' | 'bad-signature';
  readonly message: string;
}

/**
 * Recomputes the hash chain and checks every signature. An empty list means every record is
 * exactly what the server signed, in order, with nothing removed or inserted.
 * @example verifyChain(records, sha256Hex, (message, signature) => verify(publicKey, message, signature))
 */
export function verifyChain(
  records: readonly LedgerRecord[],
  sha256: Sha256Hex,
  checkSignature: SignatureCheck,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous = GENESIS_HASH;
  records.forEach((record, index) => {
    const expectedSequence = index + 1;
    if (record.sequence !== expectedSequence) {
      problems.push({
        sequence: record.sequence,
        problem: 'sequence-gap',
        message: `record ${record.sequence} stands where ${expectedSequence} should`,
      });
    }
    if (record.previousHash !== previous) {
      problems.push({
        sequence: record.sequence,
        problem: 'previous-hash-mismatch',
        message: `record ${record.sequence} does not follow the record before it`,
      });
    }
    const hash = recordHash(record, sha256);
    if (hash !== record.hash) {
      problems.push({
        sequence: record.sequence,
        problem: 'hash-mismatch',
        message: `record ${record.sequence} was changed after it was written`,
      });
    } else if (!checkSignature(record.hash, record.signature)) {
      problems.push({
        sequence: record.sequence,
        problem: 'bad-signature',
        message: `record ${record.sequence} is not signed by this server's key`,
      });
    }
    previous = record.hash;
  });
  return problems;
}
