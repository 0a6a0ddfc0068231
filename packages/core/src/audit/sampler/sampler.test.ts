import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { consistentSample } from './consistent-sampler.ts';
import { pureSha256Digest, type Sha256Digest } from './digest.ts';
import { drawBallotSample, type ManifestBatch } from './draw-ballot-sample.ts';
import { SamplerCache } from './sampler-cache.ts';
import { openSamplerSession } from './sampler-session.ts';
import { ticketSortKey } from './sort-key.ts';
import { firstTicket, seedHashHex, uniformFromDigest } from './ticket.ts';

const nodeDigest: Sha256Digest = (text) => createHash('sha256').update(text).digest('hex');

test('latin1 digests give the same tickets as hex digests', () => {
  const latin1: Sha256Digest = (text) => createHash('sha256').update(text).digest('binary');
  const ids = Array.from({ length: 30 }, (_, i) => `l${String(i)}`);
  const a = consistentSample({ ids, seed: '5', withReplacement: true, take: 40, digest: latin1 });
  const b = consistentSample({
    ids,
    seed: '5',
    withReplacement: true,
    take: 40,
    digest: nodeDigest,
  });
  assert.deepEqual(a, b);
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
  // A fake hash whose values share their low 13 decimal digits: every sort key ties.
  const fake: Sha256Digest = (text) => {
    const h = BigInt('0x' + (nodeDigest(text) as string)) % 10n ** 50n;
    const v = h * 10n ** 13n + 1234567890123n;
    return v.toString(16).padStart(64, '0');
  };
  const ids = Array.from({ length: 50 }, (_, i) => `id-${String(i)}`);
  const session = openSamplerSession({
    size: ids.length,
    idAt: (i) => ids[i]!,
    seed: 's',
    withReplacement: false,
    digest: fake,
  });
  const tickets = session.draws(0, 50).map((d) => d.ticket);
  assert.deepEqual(tickets, [...tickets].sort());
  assert.equal(new Set(tickets).size, 50);
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
    digest: nodeDigest,
  });
  const r1 = consistentSample({
    ids,
    seed: '99',
    withReplacement: true,
    take: 50,
    digest: nodeDigest,
  });
  const r2 = consistentSample({
    ids,
    seed: '99',
    withReplacement: true,
    drop: 50,
    take: 70,
    digest: nodeDigest,
  });
  assert.deepEqual([...r1, ...r2], whole);
});

test('the cache serves round 2 from the round-1 session (same draws, no re-hashing)', () => {
  const manifest: ManifestBatch[] = [
    { batchKey: ['J1', null, 'B1'], positions: Array.from({ length: 500 }, (_, i) => i + 1) },
    { batchKey: ['J2', 'T1', 'B2'], positions: Array.from({ length: 300 }, (_, i) => i + 1) },
  ];
  let hashes = 0;
  const counting: Sha256Digest = (t) => {
    hashes++;
    return nodeDigest(t);
  };
  const cache = new SamplerCache();
  const base = { seed: '12345', manifest, digest: counting, cache } as const;
  const round1 = drawBallotSample({ ...base, sampleSize: 40 });
  const afterRound1 = hashes;
  const round2 = drawBallotSample({ ...base, sampleSize: 30, numSampled: 40 });
  assert.ok(hashes - afterRound1 < 100, `round 2 hashed ${String(hashes - afterRound1)} strings`);
  const fresh = drawBallotSample({ seed: '12345', manifest, digest: nodeDigest, sampleSize: 70 });
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
    digest: nodeDigest,
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
  // Every sort key ties, so each refill must place ids by their full tickets.
  const fake: Sha256Digest = (text) => {
    const h = BigInt('0x' + (nodeDigest(text) as string)) % 10n ** 50n;
    return (h * 10n ** 13n + 42n).toString(16).padStart(64, '0');
  };
  const ids = Array.from({ length: 4200 }, (_, i) => `t${String(i)}`);
  const session = openSamplerSession({
    size: ids.length,
    idAt: (i) => ids[i]!,
    seed: 's',
    withReplacement: false,
    digest: fake,
  });
  const tickets = [...session.draws(0, 10), ...session.draws(10, 4190)].map((d) => d.ticket);
  assert.equal(new Set(tickets).size, 4200);
  assert.deepEqual(tickets, [...tickets].sort());
});
