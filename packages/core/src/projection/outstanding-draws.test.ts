import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../replay/night-plan.ts';
import type { BaselineGroup } from './baseline.ts';
import { backSolve, choleskyInPlace, transpose, upperSolveInto } from './dense-solve.ts';
import {
  baselineShare,
  buildGroupDesign,
  compileDesign,
  effectTables,
  predictRow,
} from './group-design.ts';
import {
  AntitheticSampler,
  OutstandingSummer,
  type OutstandingGroups,
} from './outstanding-draws.ts';

// 150 groups in 6 counties of very different sizes and leans, some of them absentee or
// provisional pseudo-units, so every block of the design has several levels.
function syntheticGroups(seed: number): BaselineGroup[] {
  const random = seededRandom(seed);
  return Array.from({ length: 150 }, (_, id) => {
    const county = `C${id % 6}`;
    const size = Math.floor(20 + random() * (id % 6 === 0 ? 8000 : 1500));
    const first = Math.floor(size * (0.03 + 0.94 * random()));
    const kind = id % 25 === 0 ? 'absentee' : id % 37 === 0 ? 'provisional' : null;
    return {
      id,
      county,
      tier: 'exact',
      pseudoKind: kind,
      current: [id],
      baseline: [id],
      first,
      second: size - first,
      total: size + Math.floor(random() * 30),
    };
  });
}

function randomBeta(size: number, random: () => number, spread: number): Float64Array {
  return Float64Array.from({ length: size }, () => spread * (2 * random() - 1));
}

describe('compileDesign and effectTables', () => {
  it('give every group the linear predictor of predictRow', () => {
    const design = buildGroupDesign(syntheticGroups(1));
    const compiled = compileDesign(design);
    assert.ok(compiled.cells < design.rows.length && compiled.bands < design.rows.length);
    const random = seededRandom(2);
    for (let trial = 0; trial < 5; trial++) {
      const beta = randomBeta(design.size, random, 1);
      const cell = new Float64Array(compiled.cells);
      const band = new Float64Array(compiled.bands);
      effectTables(compiled.cellColumns, compiled.bandColumns, beta, cell, band);
      design.rows.forEach((row, id) => {
        const compact =
          (compiled.lean[id] ?? 0) * (beta[1] ?? 0) +
          (cell[compiled.cellOf[id] ?? 0] ?? 0) +
          (band[compiled.bandOf[id] ?? 0] ?? 0);
        assert.ok(Math.abs(compact - predictRow(row, beta)) < 1e-12, `group ${id}`);
      });
    }
  });
});

describe('upperSolveInto', () => {
  it('solves what backSolve solves, reading Lᵀ along its rows', () => {
    const n = 9;
    const random = seededRandom(3);
    const m = randomBeta(n * n, random, 1);
    // A = M Mᵀ + n I is positive definite.
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let value = i === j ? n : 0;
        for (let k = 0; k < n; k++) value += (m[i * n + k] ?? 0) * (m[j * n + k] ?? 0);
        a[i * n + j] = value;
      }
    const l = choleskyInPlace(a, n);
    const y = randomBeta(n, random, 2);
    const expected = backSolve(l, n, y);
    const got = upperSolveInto(transpose(l, n), n, y, new Float64Array(n));
    for (let i = 0; i < n; i++) assert.ok(Math.abs((got[i] ?? 0) - (expected[i] ?? 0)) < 1e-12);
  });
});

describe('OutstandingSummer', () => {
  it('sums the outstanding votes and noise terms exactly as a direct evaluation does', () => {
    const groups = syntheticGroups(4);
    const design = buildGroupDesign(groups);
    const compiled = compileDesign(design);
    // Every third group is outstanding; some already have part of their votes counted, one
    // of them more than it is projected to cast (its outstanding vote is then 0, not negative).
    const ids = groups.filter((group) => group.id % 3 === 0).map((group) => group.id);
    const already = ids.map((id, k) =>
      k === 0
        ? 1e9
        : k % 4 === 1
          ? Math.floor(((groups[id]?.first ?? 0) + (groups[id]?.second ?? 0)) / 5)
          : 0,
    );
    const outstanding: OutstandingGroups = {
      count: ids.length,
      lean: Float64Array.from(ids, (id) => compiled.lean[id] ?? 0),
      baseOddsAgainst: Float64Array.from(ids, (id) => {
        const p = baselineShare(groups[id] as BaselineGroup);
        return (1 - p) / p;
      }),
      size: Float64Array.from(ids, (id) => (groups[id]?.first ?? 0) + (groups[id]?.second ?? 0)),
      // Noise variances as the model sets them: a class SD squared times 1 + 300 / size, with
      // different SDs for the share and turnout models and for every fifth group.
      shareNoise: Float64Array.from(
        ids,
        (id, k) =>
          (k % 5 === 0 ? 0.5 : 0.2) ** 2 *
          (1 + 300 / ((groups[id]?.first ?? 0) + (groups[id]?.second ?? 0))),
      ),
      turnoutNoise: Float64Array.from(
        ids,
        (id, k) =>
          (k % 5 === 0 ? 0.4 : 0.25) ** 2 *
          (1 + 300 / ((groups[id]?.first ?? 0) + (groups[id]?.second ?? 0))),
      ),
      already: Float64Array.from(already),
      cellOf: Int32Array.from(ids, (id) => compiled.cellOf[id] ?? 0),
      bandOf: Int32Array.from(ids, (id) => compiled.bandOf[id] ?? 0),
    };
    const summer = new OutstandingSummer(compiled, outstanding);
    const random = seededRandom(5);
    for (let trial = 0; trial < 6; trial++) {
      const shareBeta = randomBeta(design.size, random, 0.6);
      const turnoutBeta = randomBeta(design.size, random, 0.6);
      const expected = {
        first: 0,
        two: 0,
        shareVar: 0,
        turnoutVar: 0,
        turnoutTilt: 0,
        turnoutTilt2: 0,
      };
      ids.forEach((id, k) => {
        const group = groups[id] as BaselineGroup;
        const row = design.rows[id];
        assert.ok(row !== undefined);
        const p0 = baselineShare(group);
        const p = 1 / (1 + Math.exp(-(Math.log(p0 / (1 - p0)) + predictRow(row, shareBeta))));
        const t = Math.max(
          0,
          (group.first + group.second) * Math.exp(predictRow(row, turnoutBeta)) - (already[k] ?? 0),
        );
        const vs = outstanding.shareNoise[k] ?? 0;
        const vt = outstanding.turnoutNoise[k] ?? 0;
        expected.first += t * p;
        expected.two += t;
        expected.shareVar += (2 * t * p * (1 - p)) ** 2 * vs;
        expected.turnoutVar += t * t * vt;
        expected.turnoutTilt += t * t * vt * (2 * p - 1);
        expected.turnoutTilt2 += t * t * vt * (2 * p - 1) ** 2;
      });
      const got = summer.sum(shareBeta, turnoutBeta);
      for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
        const scale = Math.max(1, Math.abs(expected[key]));
        assert.ok(
          Math.abs(got[key] - expected[key]) / scale < 1e-10,
          `${key}: ${got[key]} against ${expected[key]}`,
        );
      }
    }
  });
});

describe('AntitheticSampler', () => {
  it('draws pairs mirrored around the mean, with the posterior covariance times the t factor', () => {
    // Precision A = [[4, 2, 0], [2, 3, 1], [0, 1, 2]]: covariance A⁻¹.
    const a = Float64Array.of(4, 2, 0, 2, 3, 1, 0, 1, 2);
    const inverse = [
      [5 / 12, -1 / 3, 1 / 6],
      [-1 / 3, 2 / 3, -1 / 3],
      [1 / 6, -1 / 3, 2 / 3],
    ];
    const mean = Float64Array.of(1, -2, 0.5);
    const degrees = 5;
    const sampler = new AntitheticSampler(
      {
        mean,
        precisionFactor: choleskyInPlace(Float64Array.from(a), 3),
        size: 3,
        residualSds: Float64Array.of(1),
      },
      degrees,
    );
    const random = seededRandom(6);
    let spare: number | null = null;
    const normal = (): number => {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const radius = Math.sqrt(-2 * Math.log(1 - random()));
      const angle = 2 * Math.PI * random();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    };
    const pairs = 20000;
    const sums = new Float64Array(9);
    for (let d = 0; d < pairs; d++) {
      sampler.draw(normal);
      for (let i = 0; i < 3; i++) {
        assert.ok(
          Math.abs((sampler.plus[i] ?? 0) + (sampler.minus[i] ?? 0) - 2 * (mean[i] ?? 0)) < 1e-12,
        );
        for (let j = 0; j < 3; j++)
          sums[i * 3 + j] =
            (sums[i * 3 + j] ?? 0) +
            ((sampler.plus[i] ?? 0) - (mean[i] ?? 0)) * ((sampler.plus[j] ?? 0) - (mean[j] ?? 0));
      }
    }
    // A Student-t draw's covariance is ν / (ν − 2) times the scale matrix.
    const factor = degrees / (degrees - 2);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const expected = factor * (inverse[i]?.[j] ?? 0);
        const got = (sums[i * 3 + j] ?? 0) / pairs;
        assert.ok(
          Math.abs(got - expected) < 0.08 * factor,
          `(${i}, ${j}): ${got} against ${expected}`,
        );
      }
  });
});
