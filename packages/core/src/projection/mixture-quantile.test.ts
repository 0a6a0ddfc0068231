import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mixtureQuantiles, normalCdf } from './mixture-quantile.ts';

describe('normalCdf', () => {
  it('matches tabulated values of the normal distribution', () => {
    const table: [number, number][] = [
      [0, 0.5],
      [1, 0.841344746],
      [-1, 0.158655254],
      [1.959963985, 0.975],
      [-2.575829304, 0.005],
      [3.090232306, 0.999],
      [-6, 9.86587645e-10],
    ];
    for (const [z, p] of table) assert.ok(Math.abs(normalCdf(z) - p) < 2e-7, `Φ(${z})`);
    const density = new Float64Array(1);
    normalCdf(1, density);
    assert.ok(Math.abs((density[0] ?? 0) - 0.241970725) < 1e-9);
  });
});

describe('mixtureQuantiles', () => {
  it('gives the quantiles of a single normal', () => {
    const [low, high, median] = mixtureQuantiles(
      Float64Array.of(2),
      Float64Array.of(3),
      [0.005, 0.995, 0.5],
    );
    assert.ok(Math.abs((low ?? 0) - (2 - 3 * 2.575829304)) < 1e-5);
    assert.ok(Math.abs((high ?? 0) - (2 + 3 * 2.575829304)) < 1e-5);
    assert.ok(Math.abs((median ?? 0) - 2) < 1e-6);
  });

  it('puts the level of probability below each quantile of a mixture', () => {
    // Two unequal components far apart, and point masses (sd 0) among them.
    const means = Float64Array.of(-5, -5, -4, 3, 3.5, 10);
    const sds = Float64Array.of(1, 0.5, 0, 2, 0, 0.2);
    const levels = [0.05, 0.3, 0.5, 0.95];
    const quantiles = mixtureQuantiles(means, sds, levels);
    quantiles.forEach((x, i) => {
      // Probability at or below x, summed component by component.
      let cdf = 0;
      means.forEach((m, d) => {
        const s = sds[d] ?? 0;
        cdf += s === 0 ? (m <= x ? 1 : 0) : normalCdf((x - m) / s);
      });
      cdf /= means.length;
      // A point mass can make the distribution function jump past the level.
      const atomBelow = Array.from(means).some((m, d) => sds[d] === 0 && Math.abs(m - x) < 1e-6);
      if (atomBelow) assert.ok(cdf >= (levels[i] ?? 0) - 1e-7, `level ${levels[i]}`);
      else assert.ok(Math.abs(cdf - (levels[i] ?? 0)) < 1e-6, `level ${levels[i]}: ${cdf}`);
    });
    // The mixture is increasing in the level.
    for (let i = 1; i < quantiles.length; i++)
      assert.ok((quantiles[i] ?? 0) > (quantiles[i - 1] ?? 0));
  });

  it('collapses to the value when every component is the same point', () => {
    const quantiles = mixtureQuantiles(
      Float64Array.of(1.25, 1.25),
      Float64Array.of(0, 0),
      [0.005, 0.995],
    );
    assert.deepEqual(quantiles, [1.25, 1.25]);
  });
});
