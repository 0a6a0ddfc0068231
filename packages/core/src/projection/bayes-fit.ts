import { backSolve, choleskyInPlace, forwardSolve } from './dense-solve.ts';
import type { GroupDesign } from './group-design.ts';

/** Prior standard deviations of each block of effects (all centred on zero). */
export interface EffectPriors {
  readonly intercept: number;
  readonly lean: number;
  readonly countyClass: number;
  readonly stratum: number;
  readonly size: number;
  readonly county: number;
  readonly pseudo: number;
  /** Prior unit-level residual SD, and how many units' worth of weight it carries. */
  readonly residual: number;
  readonly residualWeight: number;
}

/** One observation: a reported group's outcome and its noise scale (1 + k / size). */
export interface Observation {
  readonly group: number;
  readonly value: number;
  readonly scale: number;
}

/** A Gaussian posterior over the effects: mean, Cholesky factor of the precision, residual SD. */
export interface EffectPosterior {
  readonly mean: Float64Array;
  /** Cholesky factor L of the posterior precision (row-major, size x size). */
  readonly precisionFactor: Float64Array;
  readonly size: number;
  readonly residualSd: number;
}

/**
 * Fits the Bayesian linear model (Gaussian priors on every effect: a random-effects model with
 * the variance components fixed) by its normal equations. The residual SD is re-estimated from
 * the residuals and blended with its prior, then the fit is repeated once with it.
 * @example const posterior = fitEffects(design, observations, SHARE_PRIORS)
 */
export function fitEffects(
  design: GroupDesign,
  observations: readonly Observation[],
  priors: EffectPriors,
): EffectPosterior {
  let residualSd = priors.residual;
  let fit = solve(design, observations, priors, residualSd);
  let squares = 0;
  for (const observation of observations) {
    const row = design.rows[observation.group];
    if (row === undefined) continue;
    const predicted =
      (fit.mean[0] ?? 0) +
      row.lean * (fit.mean[1] ?? 0) +
      (fit.mean[row.countyClass] ?? 0) +
      (fit.mean[row.stratum] ?? 0) +
      (fit.mean[row.size] ?? 0) +
      (fit.mean[row.county] ?? 0) +
      (row.pseudo < 0 ? 0 : (fit.mean[row.pseudo] ?? 0));
    squares += (observation.value - predicted) ** 2 / observation.scale;
  }
  const n = observations.length;
  residualSd = Math.sqrt(
    (squares + priors.residualWeight * priors.residual ** 2) / (n + priors.residualWeight),
  );
  fit = solve(design, observations, priors, residualSd);
  return { ...fit, residualSd };
}

function solve(
  design: GroupDesign,
  observations: readonly Observation[],
  priors: EffectPriors,
  residualSd: number,
): { mean: Float64Array; precisionFactor: Float64Array; size: number } {
  const size = design.size;
  const a = new Float64Array(size * size);
  const b = new Float64Array(size);
  const prior = priorPrecisions(design, priors);
  for (let i = 0; i < size; i++) a[i * size + i] = prior[i] ?? 0;
  const columns = new Int32Array(7);
  const values = new Float64Array(7);
  for (const observation of observations) {
    const row = design.rows[observation.group];
    if (row === undefined) continue;
    const weight = 1 / (residualSd ** 2 * observation.scale);
    let count = 0;
    const push = (column: number, value: number): void => {
      columns[count] = column;
      values[count] = value;
      count += 1;
    };
    push(0, 1);
    push(1, row.lean);
    push(row.countyClass, 1);
    push(row.stratum, 1);
    push(row.size, 1);
    push(row.county, 1);
    if (row.pseudo >= 0) push(row.pseudo, 1);
    for (let p = 0; p < count; p++) {
      const i = columns[p] ?? 0;
      const vi = values[p] ?? 0;
      b[i] = (b[i] ?? 0) + weight * vi * observation.value;
      for (let q = 0; q < count; q++) {
        const j = columns[q] ?? 0;
        a[i * size + j] = (a[i * size + j] ?? 0) + weight * vi * (values[q] ?? 0);
      }
    }
  }
  const factor = choleskyInPlace(a, size);
  const mean = backSolve(factor, size, forwardSolve(factor, size, b));
  return { mean, precisionFactor: factor, size };
}

function priorPrecisions(design: GroupDesign, priors: EffectPriors): Float64Array {
  const out = new Float64Array(design.size);
  const set = (from: number, to: number, sd: number): void => {
    out.fill(1 / (sd * sd), from, to);
  };
  const { countyClass, stratum, size, county, pseudo } = design.offsets;
  set(0, 1, priors.intercept);
  set(1, 2, priors.lean);
  set(countyClass, stratum, priors.countyClass);
  set(stratum, size, priors.stratum);
  set(size, county, priors.size);
  set(county, pseudo, priors.county);
  set(pseudo, design.size, priors.pseudo);
  return out;
}
