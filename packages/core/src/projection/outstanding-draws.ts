// The Monte Carlo part of the projection: draws of the effects from their posterior, and for
// each draw the sum of the outstanding groups' votes. This is where a snapshot spends its time
// (draws × outstanding groups), so the data are laid out for it: typed arrays read in order, the
// categorical effects collapsed into small per-draw tables, exponentials of those tables taken
// once per draw, and each posterior draw used twice (z and −z).
import type { EffectPosterior } from './bayes-fit.ts';
import { transpose, upperSolveInto } from './dense-solve.ts';
import { effectTables, type CompiledDesign } from './group-design.ts';

/** The outstanding groups of a snapshot, with what every draw needs. */
export interface OutstandingGroups {
  readonly count: number;
  /** Centred baseline lean (the covariate of the lean effect). */
  readonly lean: Float64Array;
  /** exp(−baseline log-odds of the first party). */
  readonly baseOddsAgainst: Float64Array;
  /** Baseline two-party votes. */
  readonly size: Float64Array;
  /**
   * The group's noise variance in the share and the turnout model: its noise class's residual
   * SD squared, times 1 + sizeNoise / baseline votes.
   */
  readonly shareNoise: Float64Array;
  readonly turnoutNoise: Float64Array;
  /** Two-party votes already counted in the group (a group can be partly in). */
  readonly already: Float64Array;
  readonly cellOf: Int32Array;
  readonly bandOf: Int32Array;
}

/** Sums over the outstanding groups for one draw; see {@link OutstandingSummer.sum}. */
export interface OutstandingSums {
  /** Projected outstanding first-party votes, and all outstanding two-party votes. */
  first: number;
  two: number;
  /** Σ (2 T p (1 − p))² v_share: the share noise's variance in net votes (votes²). */
  shareVar: number;
  /** Σ T² v_turnout, Σ T² v_turnout (2p − 1) and Σ T² v_turnout (2p − 1)²: the turnout noise's pieces. */
  turnoutVar: number;
  turnoutTilt: number;
  turnoutTilt2: number;
}

/** Keeps the cells (or bands) the outstanding groups use: their columns, and each group's index. */
function compactTable(
  used: Int32Array,
  columns: Int32Array,
  width: number,
): { of: Int32Array; columns: Int32Array } {
  const remap = new Map<number, number>();
  const kept: number[] = [];
  const of = new Int32Array(used.length);
  used.forEach((old, k) => {
    let index = remap.get(old);
    if (index === undefined) {
      index = remap.size;
      remap.set(old, index);
      for (let w = 0; w < width; w++) kept.push(columns[width * old + w] ?? -1);
    }
    of[k] = index;
  });
  return { of, columns: Int32Array.from(kept) };
}

/**
 * Sums the outstanding groups' projected votes for given share and turnout effects. One summer
 * per snapshot; its table buffers are reused from draw to draw.
 *
 * The exponential of a linear predictor is taken as a product: exp of the cell and band tables
 * once per draw (only the cells and bands some outstanding group uses), one exp per group for
 * the lean term of each model, and exp(−baseline log-odds) kept per group.
 * @example
 * const summer = new OutstandingSummer(compiled, groups);
 * const sums = summer.sum(shareBeta, turnoutBeta);
 */
export class OutstandingSummer {
  private readonly groups: OutstandingGroups;
  private readonly cellOf: Int32Array;
  private readonly bandOf: Int32Array;
  private readonly cellColumns: Int32Array;
  private readonly bandColumns: Int32Array;
  private readonly shareCell: Float64Array;
  private readonly shareBand: Float64Array;
  private readonly turnoutCell: Float64Array;
  private readonly turnoutBand: Float64Array;
  /** Per group, for the current draw: exp(lean × coefficient) of the share and turnout models. */
  private readonly shareLean: Float64Array;
  private readonly turnoutLean: Float64Array;
  private readonly sums: OutstandingSums = {
    first: 0,
    two: 0,
    shareVar: 0,
    turnoutVar: 0,
    turnoutTilt: 0,
    turnoutTilt2: 0,
  };

  constructor(compiled: CompiledDesign, groups: OutstandingGroups) {
    this.groups = groups;
    const cells = compactTable(groups.cellOf, compiled.cellColumns, 3);
    const bands = compactTable(groups.bandOf, compiled.bandColumns, 2);
    this.cellOf = cells.of;
    this.bandOf = bands.of;
    this.cellColumns = cells.columns;
    this.bandColumns = bands.columns;
    this.shareCell = new Float64Array(cells.columns.length / 3);
    this.turnoutCell = new Float64Array(cells.columns.length / 3);
    this.shareBand = new Float64Array(bands.columns.length / 2);
    this.turnoutBand = new Float64Array(bands.columns.length / 2);
    this.shareLean = new Float64Array(groups.count);
    this.turnoutLean = new Float64Array(groups.count);
  }

  /**
   * For effects `shareBeta` and `turnoutBeta`, each outstanding group's first-party share is
   * p = expit(baseline log-odds + share predictor) and its outstanding votes are
   * T = max(0, baseline votes × exp(turnout predictor) − votes already counted); returns the sums
   * over the groups. The returned object is reused by the next call.
   */
  sum(shareBeta: Float64Array, turnoutBeta: Float64Array): Readonly<OutstandingSums> {
    const { shareCell, shareBand, turnoutCell, turnoutBand } = this;
    effectTables(this.cellColumns, this.bandColumns, shareBeta, shareCell, shareBand);
    effectTables(this.cellColumns, this.bandColumns, turnoutBeta, turnoutCell, turnoutBand);
    // Odds against the first party scale by exp(−effect); turnout by exp(effect).
    for (let c = 0; c < shareCell.length; c++) {
      shareCell[c] = Math.exp(-(shareCell[c] ?? 0));
      turnoutCell[c] = Math.exp(turnoutCell[c] ?? 0);
    }
    for (let b = 0; b < shareBand.length; b++) {
      shareBand[b] = Math.exp(-(shareBand[b] ?? 0));
      turnoutBand[b] = Math.exp(turnoutBand[b] ?? 0);
    }
    // The lean terms in a pass of their own: a loop of exps alone runs faster than the exps
    // mixed into the sums.
    const { count, lean } = this.groups;
    const { shareLean, turnoutLean } = this;
    const shareCoefficient = -(shareBeta[1] ?? 0);
    const turnoutCoefficient = turnoutBeta[1] ?? 0;
    for (let k = 0; k < count; k++) {
      const x = lean[k] ?? 0;
      shareLean[k] = Math.exp(x * shareCoefficient);
      turnoutLean[k] = Math.exp(x * turnoutCoefficient);
    }
    accumulate(
      this.groups,
      this.cellOf,
      this.bandOf,
      { cell: shareCell, band: shareBand, lean: shareLean },
      { cell: turnoutCell, band: turnoutBand, lean: turnoutLean },
      this.sums,
    );
    return this.sums;
  }
}

/** Per draw, one model's effects as factors: exp of the cell and band tables and, per group, of the lean term. */
interface ExpTables {
  readonly cell: Float64Array;
  readonly band: Float64Array;
  readonly lean: Float64Array;
}

/** The sums of {@link OutstandingSummer.sum}, from the exp tables of one draw. */
function accumulate(
  groups: OutstandingGroups,
  cellOf: Int32Array,
  bandOf: Int32Array,
  share: ExpTables,
  turnout: ExpTables,
  sums: OutstandingSums,
): void {
  const { count, baseOddsAgainst, size, shareNoise, turnoutNoise, already } = groups;
  const shareCell = share.cell;
  const shareBand = share.band;
  const shareLean = share.lean;
  const turnoutCell = turnout.cell;
  const turnoutBand = turnout.band;
  const turnoutLean = turnout.lean;
  let first = 0;
  let two = 0;
  let shareVar = 0;
  let turnoutVar = 0;
  let turnoutTilt = 0;
  let turnoutTilt2 = 0;
  for (let k = 0; k < count; k++) {
    const cell = cellOf[k] ?? 0;
    const band = bandOf[k] ?? 0;
    const odds =
      (baseOddsAgainst[k] ?? 1) *
      (shareLean[k] ?? 1) *
      (shareCell[cell] ?? 1) *
      (shareBand[band] ?? 1);
    const p = 1 / (1 + odds);
    const expected =
      (size[k] ?? 0) * (turnoutLean[k] ?? 1) * (turnoutCell[cell] ?? 1) * (turnoutBand[band] ?? 1);
    let outstanding = expected - (already[k] ?? 0);
    if (!(outstanding > 0)) outstanding = 0;
    const firstVotes = outstanding * p;
    first += firstVotes;
    two += outstanding;
    const spread = 2 * firstVotes * (1 - p);
    shareVar += spread * spread * (shareNoise[k] ?? 0);
    const t2 = outstanding * outstanding * (turnoutNoise[k] ?? 0);
    const tilt = 2 * p - 1;
    turnoutVar += t2;
    turnoutTilt += t2 * tilt;
    turnoutTilt2 += t2 * tilt * tilt;
  }
  sums.first = first;
  sums.two = two;
  sums.shareVar = shareVar;
  sums.turnoutVar = turnoutVar;
  sums.turnoutTilt = turnoutTilt;
  sums.turnoutTilt2 = turnoutTilt2;
}

/**
 * Antithetic draws of the effects from the posterior, widened by a Student-t scale so the tails
 * are heavy: each call draws z ~ N(0, I) and a χ² scale s, solves Lᵀ o = z, and fills
 * `plus` = mean + s·o and `minus` = mean − s·o. Both are draws from the same (t) posterior; using
 * the pair halves the normals and triangular solves, and balances the draws around the mean.
 * The buffers are reused by the next call.
 */
export class AntitheticSampler {
  readonly plus: Float64Array;
  readonly minus: Float64Array;
  private readonly posterior: EffectPosterior;
  private readonly degrees: number;
  private readonly upper: Float64Array;
  private readonly z: Float64Array;
  private readonly offset: Float64Array;

  constructor(posterior: EffectPosterior, degrees: number) {
    this.posterior = posterior;
    this.degrees = degrees;
    // Lᵀ row-major, so the back substitution reads along rows.
    this.upper = transpose(posterior.precisionFactor, posterior.size);
    this.z = new Float64Array(posterior.size);
    this.offset = new Float64Array(posterior.size);
    this.plus = new Float64Array(posterior.size);
    this.minus = new Float64Array(posterior.size);
  }

  /** Draws the next pair into {@link plus} and {@link minus}. */
  draw(normal: () => number): void {
    const { size, mean } = this.posterior;
    const z = this.z;
    for (let i = 0; i < size; i++) z[i] = normal();
    let chi = 0;
    for (let i = 0; i < this.degrees; i++) chi += normal() ** 2;
    const scale = Math.sqrt(this.degrees / Math.max(chi, 1e-9));
    const offset = upperSolveInto(this.upper, size, z, this.offset);
    for (let i = 0; i < size; i++) {
      const m = mean[i] ?? 0;
      const o = scale * (offset[i] ?? 0);
      this.plus[i] = m + o;
      this.minus[i] = m - o;
    }
  }
}
