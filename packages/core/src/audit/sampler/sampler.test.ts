import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { consistentSample } from './consistent-sampler.ts';
import { pureSha256Digest, type Sha256Digest } from './digest.ts';
import { arloBallotId, canonicalBallotId } from './ballot-id.ts';
import {
  ballotIdSource,
  drawBallotSample,
  rankBallots,
  type ManifestBatch,
} from './draw-ballot-sample.ts';
import { SamplerCache } from './sampler-cache.ts';
import { openSamplerSession } from './sampler-session.ts';
import { ticketSortKey } from './sort-key.ts';
import { firstTicket, nextTicket, seedHashHex, trimTicket, uniformFromDigest } from './ticket.ts';

const nodeDigest: Sha256Digest = (text) => createHash('sha256').update(text).digest('hex');

/**
 * Rivest's sampler written the plain way, as an oracle for the fast session: node:crypto
 * SHA-256, BigInt decimal tickets, every id's first ticket in the pool, and a linear scan for
 * the smallest full ticket string at every draw.
 */
function plainSample(
  ids: readonly string[],
  seed: string,
  withReplacement: boolean,
  drop: number,
  take: number,
  digits: number,
): { ticket: string; id: string; generation: number }[] {
  const seedHex = seedHashHex(nodeDigest, seed);
  const pool = ids.map((id) => ({
    ticket: firstTicket(nodeDigest, seedHex, id),
    id,
    generation: 1,
  }));
  const out: { ticket: string; id: string; generation: number }[] = [];
  while (out.length < drop + take && pool.length > 0) {
    let min = 0;
    for (let k = 1; k < pool.length; k++) if (pool[k]!.ticket < pool[min]!.ticket) min = k;
    const d = pool[min]!;
    out.push({ ...d, ticket: trimTicket(d.ticket, digits) });
    if (withReplacement) {
      pool[min] = {
        ticket: nextTicket(nodeDigest, d.ticket),
        id: d.id,
        generation: d.generation + 1,
      };
    } else {
      pool.splice(min, 1);
    }
  }
  return out.slice(drop);
}

test('the fast sampler equals the plain one for random seeds, ids, drop/take, key widths, SIMD or not, expected-draw hints', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.uniqueArray(fc.string({ unit: 'grapheme', maxLength: 70 }), {
        minLength: 1,
        maxLength: 40,
      }),
      fc.boolean(),
      fc.nat(30),
      fc.integer({ min: 1, max: 60 }),
      fc.constantFrom(1, 2, 13),
      fc.boolean(),
      // 0: no hint; otherwise the ranking pass keeps digests for about this many draws (below,
      // at or above what is then drawn).
      fc.nat(100),
      (seed, ids, withReplacement, drop, take, keyDigits, simd, expectedDraws) => {
        const session = openSamplerSession({
          size: ids.length,
          idAt: (i) => ids[i]!,
          seed,
          withReplacement,
          keyDigits,
          simd,
          expectedDraws,
        });
        const fast = session.draws(drop, take).map((d) => ({
          ticket: trimTicket(d.ticket, 200),
          id: ids[d.index]!,
          generation: d.generation,
        }));
        assert.deepEqual(fast, plainSample(ids, seed, withReplacement, drop, take, 200));
        // consistentSample (9 digits by default) is the same stream.
        assert.deepEqual(
          consistentSample({ ids, seed, withReplacement, drop, take }),
          plainSample(ids, seed, withReplacement, drop, take, 9),
        );
      },
    ),
    { numRuns: 150 },
  );
});

test('later rounds from a cached session equal the plain sampler (first-ticket cache)', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 20 }),
      fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(2, 13),
      (seed, rounds, keyDigits) => {
        const ids = Array.from({ length: 300 }, (_, i) => `c${String(i)}`);
        const session = openSamplerSession({
          size: ids.length,
          idAt: (i) => ids[i]!,
          seed,
          withReplacement: true,
          keyDigits,
        });
        let drop = 0;
        const total = rounds.reduce((a, b) => a + b, 0);
        const all = plainSample(ids, seed, true, 0, total, 200);
        for (const take of rounds) {
          const got = session.draws(drop, take).map((d) => [ids[d.index], d.generation, d.ticket]);
          const want = all.slice(drop, drop + take).map((d) => [d.id, d.generation, d.ticket]);
          assert.deepEqual(got, want);
          drop += take;
        }
      },
    ),
    { numRuns: 40 },
  );
});

test('the pure digest and node:crypto agree', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme' }),
      (s) => Buffer.from(pureSha256Digest(s) as Uint8Array).toString('hex') === nodeDigest(s),
    ),
    { numRuns: 200 },
  );
});

test('the 13-digit sort key equals the first 13 ticket digits, from bytes or hex', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
      const key = ticketSortKey(bytes);
      const hex = Buffer.from(bytes).toString('hex');
      return (
        String(key).padStart(13, '0') === uniformFromDigest(bytes).slice(2, 15) &&
        ticketSortKey(hex) === key &&
        ticketSortKey(Buffer.from(bytes).toString('latin1')) === key &&
        ticketSortKey(hex.toUpperCase()) === key
      );
    }),
    { numRuns: 500 },
  );
});

test('equal sort keys fall back to full ticket order', () => {
  // One-digit keys: about a tenth of all ids, and of all repeat tickets, share each key.
  const ids = Array.from({ length: 500 }, (_, i) => `id-${String(i)}`);
  const session = openSamplerSession({
    size: ids.length,
    idAt: (i) => ids[i]!,
    seed: 's',
    withReplacement: true,
    keyDigits: 1,
  });
  const draws = session.draws(0, 800);
  assert.ok(draws.some((d) => d.generation > 1));
  assert.deepEqual(
    draws.map((d) => ({ ticket: d.ticket, id: ids[d.index]!, generation: d.generation })),
    plainSample(ids, 's', true, 0, 800, 200),
  );
});

test('without replacement the stream is a permutation; with replacement tickets increase per id', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `b${String(i)}`);
  const all = consistentSample({ ids, seed: '7', withReplacement: false });
  assert.deepEqual([...all.map((d) => d.id)].sort(), [...ids].sort());
  const draws = consistentSample({ ids, seed: '7', withReplacement: true, take: 200, digits: 40 });
  const seen = new Map<string, number>();
  for (const d of draws) {
    const g = (seen.get(d.id) ?? 0) + 1;
    assert.equal(d.generation, g);
    seen.set(d.id, g);
  }
});

test('a later round continues the stream: drop/take slices agree with one long draw', () => {
  const ids = Array.from({ length: 300 }, (_, i) => `x${String(i)}`);
  const whole = consistentSample({
    ids,
    seed: '99',
    withReplacement: true,
    take: 120,
  });
  const r1 = consistentSample({
    ids,
    seed: '99',
    withReplacement: true,
    take: 50,
  });
  const r2 = consistentSample({
    ids,
    seed: '99',
    withReplacement: true,
    drop: 50,
    take: 70,
  });
  assert.deepEqual([...r1, ...r2], whole);
});

test('the cache serves round 2 from the round-1 session (same draws, no re-hashing)', () => {
  const manifest: ManifestBatch[] = [
    { batchKey: ['J1', null, 'B1'], positions: Array.from({ length: 500 }, (_, i) => i + 1) },
    { batchKey: ['J2', 'T1', 'B2'], positions: Array.from({ length: 300 }, (_, i) => i + 1) },
  ];
  // Count reads of ballot positions: hashing the manifest reads every one of them.
  let reads = 0;
  const counted = manifest.map((b) => ({
    batchKey: b.batchKey,
    positions: new Proxy(b.positions, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }),
  }));
  const cache = new SamplerCache();
  const base = { seed: '12345', manifest: counted, cache } as const;
  const round1 = drawBallotSample({ ...base, sampleSize: 40 });
  assert.ok(reads >= 800, `round 1 read ${String(reads)} positions`);
  const afterRound1 = reads;
  const round2 = drawBallotSample({ ...base, sampleSize: 30, numSampled: 40 });
  assert.ok(reads - afterRound1 < 200, `round 2 read ${String(reads - afterRound1)} positions`);
  const fresh = drawBallotSample({ seed: '12345', manifest, sampleSize: 70 });
  assert.deepEqual([...round1, ...round2], fresh);
  assert.match(round1[0]!.hashedId, /^cb1:/);
});

test('rounds that cross first-ticket chunk refills still follow ascending full tickets', () => {
  // Chunks hold at least 4,096 first tickets, so these rounds refill twice.
  const ids = Array.from({ length: 10_000 }, (_, i) => `r${String(i)}`);
  const session = openSamplerSession({
    size: ids.length,
    idAt: (i) => ids[i]!,
    seed: '2024',
    withReplacement: false,
  });
  const drawn = [
    ...session.draws(0, 3000),
    ...session.draws(3000, 5000),
    ...session.draws(8000, 5000),
  ].map((d) => d.ticket);
  const seedHex = seedHashHex(nodeDigest, '2024');
  const expected = ids.map((id) => firstTicket(nodeDigest, seedHex, id)).sort();
  assert.equal(drawn.length, 10_000);
  assert.deepEqual(drawn, expected);
});

test('a refill after ids whose sort keys tie the last one drawn keeps them in order', () => {
  // One-digit keys: hundreds of ids share each key, and refills meet runs of equal keys.
  const ids = Array.from({ length: 4200 }, (_, i) => `t${String(i)}`);
  const session = openSamplerSession({
    size: ids.length,
    idAt: (i) => ids[i]!,
    seed: 's',
    withReplacement: false,
    keyDigits: 1,
  });
  const tickets = [...session.draws(0, 10), ...session.draws(10, 4190)].map((d) => d.ticket);
  const seedHex = seedHashHex(nodeDigest, 's');
  assert.deepEqual(tickets, ids.map((id) => firstTicket(nodeDigest, seedHex, id)).sort());
});

test('digests kept by the ranking pass (expectedDraws) give the same stream, round after round', () => {
  // 30,000 ids: the kept digests cover only part of the population, and later rounds go past
  // them (the chunk is then hashed again).
  const ids = Array.from({ length: 30_000 }, (_, i) => `ballot-${String(i)}`);
  const open = (expectedDraws?: number) =>
    openSamplerSession({
      size: ids.length,
      idAt: (i) => ids[i]!,
      seed: 'kept',
      withReplacement: true,
      ...(expectedDraws === undefined ? {} : { expectedDraws }),
    });
  const plain = open();
  for (const expected of [10, 5000, 9000]) {
    const hinted = open(expected);
    for (const [drop, take] of [
      [0, expected],
      [expected, 6000],
      [expected + 6000, 100],
    ] as const) {
      assert.deepEqual(hinted.draws(drop, take), plain.draws(drop, take));
    }
  }
});

test('ballot id bytes written by the fast path equal the id strings, in both modes', () => {
  const part = fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }), { nil: null });
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          batchKey: fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 12 }),
            fc.tuple(fc.string({ unit: 'grapheme', maxLength: 12 }), part, part),
          ),
          positions: fc.uniqueArray(
            fc.oneof(fc.nat(2_000_000), fc.constantFrom(0, 9, 10, 99, 100)),
            {
              minLength: 1,
              maxLength: 5,
            },
          ),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      fc.constantFrom('arlo' as const, 'canonical' as const),
      (batches, idMode) => {
        // Distinct batch keys (the manifest's ids must be distinct).
        const seen = new Set<string>();
        const manifest: ManifestBatch[] = batches.filter((b) => {
          const k = JSON.stringify(b.batchKey);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        const size = manifest.reduce((s, b) => s + b.positions.length, 0);
        const drawn = drawBallotSample({
          seed: 'w',
          manifest,
          sampleSize: size,
          withReplacement: false,
          idMode,
          digits: 200,
        });
        assert.equal(drawn.length, size);
        const seedHex = seedHashHex(nodeDigest, 'w');
        for (const d of drawn) {
          const id = (idMode === 'arlo' ? arloBallotId : canonicalBallotId)(d);
          assert.equal(d.hashedId, id);
          assert.equal(d.ticketNumber, firstTicket(nodeDigest, seedHex, id));
        }
      },
    ),
    { numRuns: 100 },
  );
});

test('keys ranked in ranges (as threads would) give the same draws; a wrong key is caught', () => {
  const manifest: ManifestBatch[] = Array.from({ length: 7 }, (_, b) => ({
    batchKey: [`County ${String(b % 3)}`, b % 2 === 0 ? null : 'T1', `Batch ${String(b)}`],
    positions: Array.from({ length: 300 + 17 * b }, (_, i) => i + 1),
  }));
  const size = manifest.reduce((s, b) => s + b.positions.length, 0);
  for (const idMode of ['arlo', 'canonical'] as const) {
    const keys = new Float64Array(size);
    // Three uneven ranges, in any order.
    for (const [from, to] of [
      [1000, size],
      [0, 333],
      [333, 1000],
    ] as const) {
      rankBallots({ seed: '8128', manifest, idMode }, from, to, keys);
    }
    const base = { seed: '8128', manifest, idMode, sampleSize: 2500, numSampled: 10 } as const;
    assert.deepEqual(drawBallotSample({ ...base, firstKeys: keys }), drawBallotSample(base));
    // A drawn ballot's key changed: the session refuses rather than draw a different sample.
    const first = drawBallotSample({ ...base, sampleSize: 1, numSampled: 0 })[0]!;
    const ids = ballotIdSource(manifest, idMode);
    let index = 0;
    while (ids.idAt(index) !== first.hashedId) index++;
    const wrong = keys.slice();
    wrong[index] = 9_999_999_999_999;
    wrong[(index + 1) % size] = 0;
    assert.throws(
      () => drawBallotSample({ ...base, firstKeys: wrong }),
      /firstKeys\[\d+\] is not that id's key/,
    );
    assert.throws(
      () => drawBallotSample({ ...base, firstKeys: keys.subarray(1) }),
      /firstKeys has \d+ keys for \d+ ids/,
    );
  }
});
