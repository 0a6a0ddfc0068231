import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../replay/night-plan.ts';
import type { BaselineGroup } from './baseline.ts';
import { fitEffects, type EffectPriors, type Observation } from './bayes-fit.ts';
import { choleskyInPlace, inverseFromFactor } from './dense-solve.ts';
import { buildGroupDesign, NOISE_CLASSES } from './group-design.ts';

const PRIORS: EffectPriors = {
  intercept: 1,
  lean: 0.5,
  countyClass: 0.25,
  stratum: 0.25,
  size: 0.25,
  county: 0.2,
  pseudo: 0.5,
  residual: 0.25,
  residualWeight: 20,
};

const ABSENTEE = NOISE_CLASSES.indexOf('absentee');
const PRECINCT = NOISE_CLASSES.indexOf('precinct');

// `counties` counties of `perCounty` precincts and one absentee unit each.
function state(counties: number, perCounty: number, seed: number): BaselineGroup[] {
  const random = seededRandom(seed);
  const groups: BaselineGroup[] = [];
  for (let c = 0; c < counties; c++)
    for (let k = 0; k <= perCounty; k++) {
      const id = groups.length;
      const size = 300 + Math.floor(random() * 1500);
      const first = Math.floor(size * (0.1 + 0.8 * random()));
      groups.push({
        id,
        county: `C${c}`,
        tier: k === perCounty ? 'pseudo' : 'exact',
        pseudoKind: k === perCounty ? 'absentee' : null,
        current: [id],
        baseline: [id],
        first,
        second: size - first,
        total: size,
      });
    }
  return groups;
}

function gaussian(random: () => number): () => number {
  return () => {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    return radius * Math.cos(2 * Math.PI * random());
  };
}

// Observations with a common swing of 0.1, a swing of 0.4 more for absentee units, and noise
// of sd `precinctSd` (precincts) or `absenteeSd` (absentee units); scale 1 so the sd is the
// noise itself.
function observe(
  groups: readonly BaselineGroup[],
  precinctSd: number,
  absenteeSd: number,
  seed: number,
): Observation[] {
  const normal = gaussian(seededRandom(seed));
  return groups.map((group) => ({
    group: group.id,
    value: group.pseudoKind === null ? 0.1 + precinctSd * normal() : 0.5 + absenteeSd * normal(),
    scale: 1,
  }));
}

describe('inverseFromFactor', () => {
  it('inverts A from its Cholesky factor', () => {
    const n = 7;
    const random = seededRandom(4);
    const m = Float64Array.from({ length: n * n }, () => random() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let value = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) value += (m[i * n + k] ?? 0) * (m[j * n + k] ?? 0);
        a[i * n + j] = value;
      }
    const inverse = inverseFromFactor(choleskyInPlace(Float64Array.from(a), n), n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let value = 0;
        for (let k = 0; k < n; k++) value += (a[i * n + k] ?? 0) * (inverse[k * n + j] ?? 0);
        assert.ok(Math.abs(value - (i === j ? 1 : 0)) < 1e-12, `(${i}, ${j}): ${value}`);
      }
  });
});

describe('fitEffects', () => {
  it('estimates a residual SD per noise class: absentee units that stray far get their own', () => {
    const groups = state(40, 15, 1);
    const design = buildGroupDesign(groups);
    const fit = fitEffects(design, observe(groups, 0.15, 0.6, 2), {
      ...PRIORS,
      residualWeight: 0,
    });
    const precinct = fit.residualSds[PRECINCT] ?? 0;
    const absentee = fit.residualSds[ABSENTEE] ?? 0;
    assert.ok(Math.abs(precinct - 0.15) < 0.015, `precinct sd ${precinct}`);
    assert.ok(Math.abs(absentee - 0.6) < 0.15, `absentee sd ${absentee}`);
    // Classes without observations keep the prior.
    assert.equal(fit.residualSds[NOISE_CLASSES.indexOf('provisional')], PRIORS.residual);

    // With the prior worth 20 units, 40 absentee units still pull their SD well above it, and
    // the precincts' SD stays where their own residuals put it.
    const blended = fitEffects(design, observe(groups, 0.15, 0.6, 2), PRIORS);
    assert.ok((blended.residualSds[ABSENTEE] ?? 0) > 0.45, `${blended.residualSds[ABSENTEE]}`);
    assert.ok(Math.abs((blended.residualSds[PRECINCT] ?? 0) - 0.15) < 0.02);

    // The absentee effect's posterior is wider when absentee units stray: its precision comes
    // from the absentee units weighted by their own noise.
    const tight = fitEffects(design, observe(groups, 0.15, 0.05, 2), PRIORS);
    const variance = (posterior: typeof fit, column: number): number =>
      inverseFromFactor(posterior.precisionFactor, posterior.size)[
        column * posterior.size + column
      ] ?? 0;
    const column = design.offsets.pseudo + 0;
    assert.ok(variance(blended, column) > 3 * variance(tight, column));
  });

  it('counts the degrees of freedom the fitted effects take from a small class', () => {
    // Six absentee units and an almost free absentee effect: the effect absorbs about one of
    // their six degrees of freedom, so Σ r² / n would be about 5/6 of σ². The estimate with
    // leverages is unbiased: its mean over many replications is close to σ².
    const groups = state(6, 30, 3);
    const design = buildGroupDesign(groups);
    const priors = { ...PRIORS, pseudo: 10, residualWeight: 0 };
    const sd = 0.4;
    let sum = 0;
    const replications = 300;
    for (let r = 0; r < replications; r++) {
      const fit = fitEffects(design, observe(groups, 0.15, sd, 100 + r), priors);
      sum += (fit.residualSds[ABSENTEE] ?? 0) ** 2;
    }
    const ratio = sum / replications / (sd * sd);
    // Standard error of the mean ratio is about sqrt(2 / 5 / 300) = 0.037.
    assert.ok(Math.abs(ratio - 1) < 0.09, `mean estimate / σ² = ${ratio}`);
  });
});
