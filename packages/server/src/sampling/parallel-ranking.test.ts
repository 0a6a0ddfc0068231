import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawBallotSample, rankBallots, type ManifestBatch } from '@canvass/core';
import { BallotRankingPool } from './parallel-ranking.ts';

test('keys ranked on worker threads equal the single-thread ranking and draw the same sample', async () => {
  const manifest: ManifestBatch[] = Array.from({ length: 9 }, (_, b) => ({
    batchKey: [`County ${String(b % 4)}`, b % 3 === 0 ? null : `T${String(b)}`, `B ${String(b)}`],
    positions: Array.from({ length: 150 + 31 * b }, (_, i) => 2 * i + 1),
  }));
  const size = manifest.reduce((s, b) => s + b.positions.length, 0);
  const pool = new BallotRankingPool(2);
  try {
    for (const idMode of ['arlo', 'canonical'] as const) {
      const firstKeys = await pool.rank({ seed: '20261201', manifest, idMode });
      const plain = new Float64Array(size);
      rankBallots({ seed: '20261201', manifest, idMode }, 0, size, plain);
      assert.deepEqual(Array.from(firstKeys), Array.from(plain));
      const base = { seed: '20261201', manifest, idMode, sampleSize: 900 } as const;
      assert.deepEqual(drawBallotSample({ ...base, firstKeys }), drawBallotSample(base));
    }
  } finally {
    await pool.close();
  }
});
