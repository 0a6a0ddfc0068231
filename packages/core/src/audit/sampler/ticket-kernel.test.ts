import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  SHA256_IV,
  Sha256Kernel,
  sortKeyOfState,
  stateHex,
  writeTicketDigits,
} from './ticket-kernel.ts';
import { uniformFromDigest } from './ticket.ts';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

test('the kernel hashes any length like node:crypto, from the IV or a 64-byte midstate', () => {
  const kernel = new Sha256Kernel();
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 64, maxLength: 64 }),
      fc.uint8Array({ maxLength: 300 }),
      (block, tail) => {
        // Lengths 0-300 cross every padding case (tail bytes 55, 56, 63, 64, ...).
        const buffer = new Uint8Array(tail.length + 8);
        buffer.set(tail);
        kernel.hash(SHA256_IV, 0, buffer, tail.length);
        assert.equal(stateHex(kernel.state), sha(tail));
        kernel.hash(Sha256Kernel.midstate(block), 64, buffer, tail.length);
        assert.equal(stateHex(kernel.state), sha(new Uint8Array([...block, ...tail])));
      },
    ),
    { numRuns: 400 },
  );
  for (const length of [0, 55, 56, 63, 64, 119, 120]) {
    const bytes = new Uint8Array(length).fill(97);
    kernel.hash(SHA256_IV, 0, bytes, length);
    assert.equal(stateHex(kernel.state), sha(bytes), `length ${String(length)}`);
  }
});

test('ticket digits and the 13-digit key of a state equal the BigInt ticket', () => {
  const out = new Uint8Array(100);
  const check = (words: Int32Array): void => {
    const hex = stateHex(words);
    const ticket = uniformFromDigest(hex);
    const end = writeTicketDigits(words, out, 2);
    out[0] = 48;
    out[1] = 46;
    assert.equal(new TextDecoder().decode(out.subarray(0, end)), ticket);
    assert.equal(String(sortKeyOfState(words)).padStart(13, '0'), ticket.slice(2, 15));
  };
  fc.assert(
    fc.property(fc.array(fc.integer(), { minLength: 8, maxLength: 8 }), (w) => {
      check(Int32Array.from(w));
    }),
    { numRuns: 1000 },
  );
  // Edges: zero (64 zeros), small values (padding), the largest value, powers of ten nearby.
  for (const value of [
    0n,
    1n,
    9n,
    10n ** 13n,
    10n ** 13n - 1n,
    2n ** 256n - 1n,
    10n ** 64n,
    10n ** 77n,
  ]) {
    const hex = value.toString(16).padStart(64, '0');
    check(
      Int32Array.from(
        { length: 8 },
        (_, i) => Number.parseInt(hex.slice(8 * i, 8 * i + 8), 16) | 0,
      ),
    );
  }
});
