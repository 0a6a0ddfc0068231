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
import { sha256x4 } from './sha256-simd.ts';

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

test('the four-lane SIMD compressor hashes each lane like node:crypto, chained blocks too', () => {
  const x4 = sha256x4();
  assert.ok(x4, 'Node 20 has WebAssembly SIMD');
  const lane = (words: Int32Array, base: number): string =>
    stateHex(Int32Array.from({ length: 8 }, (_, j) => words[base + 4 * j]!));
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 64, maxLength: 64 }),
      fc.array(fc.uint8Array({ maxLength: 55 }), { minLength: 4, maxLength: 4 }),
      (first, tails) => {
        // Block 1: the same 64 bytes in every lane, from the IV; then each lane's own tail.
        x4.setMidstate(SHA256_IV);
        const view = new DataView(first.buffer, first.byteOffset, 64);
        for (let l = 0; l < 4; l++) {
          for (let j = 0; j < 16; j++) x4.words[x4.block + 4 * j + l] = view.getInt32(4 * j);
        }
        x4.compress();
        x4.chain();
        tails.forEach((tail, l) => {
          const block = new Uint8Array(64);
          block.set(tail);
          block[tail.length] = 0x80;
          const bits = (64 + tail.length) * 8;
          block[62] = bits >> 8;
          block[63] = bits & 0xff;
          const v = new DataView(block.buffer);
          for (let j = 0; j < 16; j++) x4.words[x4.block + 4 * j + l] = v.getInt32(4 * j);
        });
        x4.compress();
        tails.forEach((tail, l) => {
          assert.equal(lane(x4.words, x4.out + l), sha(new Uint8Array([...first, ...tail])));
        });
      },
    ),
    { numRuns: 200 },
  );
});
