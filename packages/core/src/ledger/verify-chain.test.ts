import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  GENESIS_HASH,
  recordHash,
  type LedgerRecord,
  type UnsignedRecord,
} from './ledger-record.ts';
import { verifyChain } from './verify-chain.ts';
import { sha256Hex } from '../hash/sha256.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const nodeSha = (text: string) => createHash('sha256').update(text).digest('hex');
const check = (message: string, signature: string) =>
  verify(null, Buffer.from(message), publicKey, Buffer.from(signature, 'base64'));

function chain(count: number): LedgerRecord[] {
  const records: LedgerRecord[] = [];
  let previousHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= count; sequence++) {
    const unsigned: UnsignedRecord = {
      sequence,
      electionId: 'e',
      kind: 'submission-accepted',
      actor: 'clerk',
      at: `2017-12-12T20:${sequence}`,
      payload: { submissionId: sequence, counts: sequence * 10 },
      previousHash,
    };
    const hash = recordHash(unsigned, nodeSha);
    records.push({
      ...unsigned,
      hash,
      signature: sign(null, Buffer.from(hash), privateKey).toString('base64'),
    });
    previousHash = hash;
  }
  return records;
}

describe('verifyChain', () => {
  it('accepts an intact chain, with core and node hashes agreeing', () => {
    const records = chain(5);
    assert.deepEqual(verifyChain(records, sha256Hex, check), []);
    assert.deepEqual(verifyChain(records, nodeSha, check), []);
  });

  it('finds a record whose content was edited', () => {
    const records = chain(4);
    const edited = records.map((record) =>
      record.sequence === 2 ? { ...record, payload: { submissionId: 2, counts: 999 } } : record,
    );
    assert.deepEqual(
      verifyChain(edited, sha256Hex, check).map((problem) => [problem.sequence, problem.problem]),
      [[2, 'hash-mismatch']],
    );
  });

  it('finds a removed record and a re-signed forgery', () => {
    const records = chain(4);
    const removed = records.filter((record) => record.sequence !== 3);
    assert.ok(
      verifyChain(removed, sha256Hex, check).some(
        (problem) => problem.problem === 'previous-hash-mismatch',
      ),
    );
    const other = generateKeyPairSync('ed25519');
    const forged = records.map((record) =>
      record.sequence === 4
        ? {
            ...record,
            signature: sign(null, Buffer.from(record.hash), other.privateKey).toString('base64'),
          }
        : record,
    );
    assert.deepEqual(
      verifyChain(forged, sha256Hex, check).map((problem) => problem.problem),
      ['bad-signature'],
    );
  });
});
