import { backSolve, choleskyInPlace, forwardSolve, inverseFromFactor } from './dense-solve.ts';
import { NOISE_CLASSES, type GroupDesign } from './group-design.ts';

/** Prior standard deviations of each block of effects (all centred on zero). */
export interface EffectPriors {
  readonly intercept: number;
  readonly lean: number;
  readonly countyClass: number;
  readonly stratum: number;
  readonly size: number;
  readonly county: number;
  readonly pseudo: number;
  /**
   * Prior unit-level residual SD, and how many units' worth of weight it carries (in each noise
   * class: precincts, and each kind of pseudo-unit).
   */
  readonly residual: number;
  readonly residualWeight: number;
}

/** One observation: a reported group's outcome and its noise scale (1 + k / size). */
export interface Observation {
  readonly group: number;
  readonly value: number;
  readonly scale: number;
}

/** A Gaussian posterior over the effects: mean, Cholesky factor of the precision, residual SDs. */
export interface EffectPosterior {
  readonly mean: Float64Array;
  /** Cholesky factor L of the posterior precision (row-major, size x size). */
  readonly precisionFactor: Float64Array;
  readonly size: number;
  /** Residual SD per noise class (indexed as {@link NOISE_CLASSES}; see GroupDesign.noiseClassOf). */
  readonly residualSds: Float64Array;
}

/** Rounds of re-estimating the residual SDs and refitting (the SDs settle within two). */
const VARIANCE_ROUNDS = 2;

/**
 * Fits the Bayesian linear model (Gaussian priors on every effect: a random-effects model with
 * the variance components fixed) by its normal equations, with a residual SD per noise class
 * (precincts, and each kind of pseudo-unit): a pseudo-unit is a county-wide count of another way
 * of voting and strays further from its predicted swing than a precinct does.
 *
 * Starting from the prior SD in every class, each round re-estimates every class's SD from its
 * own residuals and refits. The estimate counts degrees of freedom: a class's n observations
 * leave n − Σ hᵢ for the noise, where hᵢ = wᵢ xᵢᵀ A⁻¹ xᵢ is the leverage of observation i (A the
 * posterior precision), since the effects fitted to a class (e.g. the absentee effect, fitted to
 * the few absentee units in) absorb part of its residuals; then it is blended with the prior:
 * σ² = (Σ r²/scale + k σ₀²) / (n − Σ h + k), k = `residualWeight`. A class with few
 * observations thus stays near the prior, and one whose units stray far gets a wide noise, which
 * also widens the posterior of the effects it informs.
 * @example const posterior = fitEffects(design, observations, SHARE_PRIORS)
 */
export function fitEffects(
  design: GroupDesign,
  observations: readonly Observation[],
  priors: EffectPriors,
): EffectPosterior {
  const classes = NOISE_CLASSES.length;
  const residualSds = new Float64Array(classes).fill(priors.residual);
  let fit = solve(design, observations, priors, residualSds);
  for (let round = 0; round < VARIANCE_ROUNDS; round++) {
    const inverse = inverseFromFactor(fit.precisionFactor, fit.size);
    const squares = new Float64Array(classes);
    const freedom = new Float64Array(classes);
    const columns = new Int32Array(7);
    const values = new Float64Array(7);
    for (const observation of observations) {
      const row = design.rows[observation.group];
      if (row === undefined) continue;
      const cls = design.noiseClassOf[observation.group] ?? 0;
      const count = rowColumns(row, columns, values);
      let predicted = 0;
      let quadratic = 0;
      for (let p = 0; p < count; p++) {
        const i = columns[p] ?? 0;
        const vi = values[p] ?? 0;
        predicted += vi * (fit.mean[i] ?? 0);
        for (let q = 0; q < count; q++)
          quadratic += vi * (values[q] ?? 0) * (inverse[i * fit.size + (columns[q] ?? 0)] ?? 0);
      }
      const weight = 1 / ((residualSds[cls] ?? priors.residual) ** 2 * observation.scale);
      squares[cls] = (squares[cls] ?? 0) + (observation.value - predicted) ** 2 / observation.scale;
      freedom[cls] = (freedom[cls] ?? 0) + 1 - weight * quadratic;
    }
    for (let c = 0; c < classes; c++) {
      const units = Math.max(0, freedom[c] ?? 0) + priors.residualWeight;
      // A class with no observations (and no prior weight) keeps the prior SD.
      residualSds[c] =
        units > 0
          ? Math.sqrt(((squares[c] ?? 0) + priors.residualWeight * priors.residual ** 2) / units)
          : priors.residual;
    }
    fit = solve(design, observations, priors, residualSds);
  }
  return { ...fit, residualSds };
}

/** The nonzero columns of a design row and their values (at most 7); returns how many. */
function rowColumns(
  row: GroupDesign['rows'][number],
  columns: Int32Array,
  values: Float64Array,
): number {
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
  return count;
}

function solve(
  design: GroupDesign,
  observations: readonly Observation[],
  priors: EffectPriors,
  residualSds: Float64Array,
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
    const sd = residualSds[design.noiseClassOf[observation.group] ?? 0] ?? priors.residual;
    const weight = 1 / (sd * sd * observation.scale);
    const count = rowColumns(row, columns, values);
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
