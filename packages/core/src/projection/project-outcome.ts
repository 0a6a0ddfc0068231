import { seededRandom } from '../replay/night-plan.ts';
import type { Baseline } from './baseline.ts';
import {
  fitEffects,
  type EffectPosterior,
  type EffectPriors,
  type Observation,
} from './bayes-fit.ts';
import { backSolve } from './dense-solve.ts';
import {
  buildGroupDesign,
  baselineShare,
  predictRow,
  type CountyClass,
  type GroupDesign,
} from './group-design.ts';

/** What is counted so far in one current precinct of the contest. */
export interface PrecinctCount {
  /** True once the precinct has reported (whole: a precinct is in or out). */
  readonly reported: boolean;
  readonly first: number;
  readonly second: number;
  /** Votes for every choice of the contest. */
  readonly total: number;
}

/** Settings of the projection. Defaults are fixed in {@link DEFAULT_PROJECTION_OPTIONS}. */
export interface ProjectionOptions {
  /** Monte Carlo draws for the intervals. */
  readonly draws: number;
  readonly seed: number;
  /** Degrees of freedom of the Student-t draws of the effects (heavy tails). */
  readonly tailDegrees: number;
  /** Unit noise scale: a group's noise variance is σ² (1 + sizeNoise / baseline votes). */
  readonly sizeNoise: number;
  readonly sharePriors: EffectPriors;
  readonly turnoutPriors: EffectPriors;
  /**
   * How many votes a place that has not reported could still cast, as a multiple of its baseline
   * votes (the mathematical bound). 1 for a special election against a presidential baseline.
   */
  readonly outstandingBoundFactor: number;
}

/** The settings used unless told otherwise (frozen before the Alabama backtests were run). */
export const DEFAULT_PROJECTION_OPTIONS: ProjectionOptions = {
  draws: 2000,
  seed: 1,
  tailDegrees: 5,
  sizeNoise: 300,
  sharePriors: {
    intercept: 1,
    lean: 0.5,
    countyClass: 0.25,
    stratum: 0.25,
    size: 0.25,
    county: 0.2,
    pseudo: 0.5,
    residual: 0.25,
    residualWeight: 20,
  },
  turnoutPriors: {
    intercept: 1,
    lean: 0.5,
    countyClass: 0.25,
    stratum: 0.25,
    size: 0.25,
    county: 0.2,
    pseudo: 0.75,
    residual: 0.25,
    residualWeight: 20,
  },
  outstandingBoundFactor: 1,
};

/** A projection of a two-party contest at one moment of the count. */
export interface Projection {
  /** Votes counted so far: first party, second party, all choices. */
  readonly counted: { readonly first: number; readonly second: number; readonly total: number };
  /** 100 × (first − second) / (first + second) of the count so far; null before any vote. */
  readonly reportedMargin: number | null;
  /** Projected final two-party margin, points. */
  readonly projectedMargin: number;
  readonly interval90: readonly [number, number];
  readonly interval99: readonly [number, number];
  /** Projected final votes for all choices (the expected vote). */
  readonly projectedTotalVotes: number;
  readonly totalVotes90: readonly [number, number];
  /** Counted votes ÷ projected final votes (the headline progress figure). */
  readonly expectedVoteShare: number;
  readonly precincts: number;
  readonly precinctsReported: number;
  /** Upper bound on votes still to come (null when some place has no baseline to bound it). */
  readonly outstandingMax: number | null;
  /** Per county class: share of its baseline vote in groups that have fully reported. */
  readonly classReported: Readonly<Record<CountyClass, number>>;
  /** Per county class: its share of the state's baseline vote. */
  readonly classWeight: Readonly<Record<CountyClass, number>>;
}

/**
 * A prepared projection model for one contest and baseline: the design is built once, and each
 * call of {@link ProjectionModel.project} fits the reported groups and projects the rest.
 * @example
 * const model = new ProjectionModel(baseline);
 * const p = model.project(counts);
 * console.log(p.projectedMargin, p.interval99, p.expectedVoteShare);
 */
export class ProjectionModel {
  readonly baseline: Baseline;
  readonly design: GroupDesign;
  readonly options: ProjectionOptions;

  constructor(baseline: Baseline, options: Partial<ProjectionOptions> = {}) {
    this.baseline = baseline;
    this.design = buildGroupDesign(baseline.groups);
    this.options = { ...DEFAULT_PROJECTION_OPTIONS, ...options };
  }

  /** Projects the final result from the counts so far (one entry per current precinct). */
  project(counts: readonly PrecinctCount[]): Projection {
    const { groups } = this.baseline;
    const options = this.options;
    const counted = { first: 0, second: 0, total: 0 };
    let precinctsReported = 0;
    for (const count of counts) {
      if (!count.reported) continue;
      precinctsReported += 1;
      counted.first += count.first;
      counted.second += count.second;
      counted.total += count.total;
    }

    // Per group: counted so far, and whether all of its precincts are in.
    const groupFirst = new Float64Array(groups.length);
    const groupSecond = new Float64Array(groups.length);
    const groupTotal = new Float64Array(groups.length);
    const complete = new Uint8Array(groups.length);
    const started = new Uint8Array(groups.length);
    const shareObs: Observation[] = [];
    const turnoutObs: Observation[] = [];
    const classReported = { large: 0, 'first-leaning': 0, other: 0 };
    const classWeight = { large: 0, 'first-leaning': 0, other: 0 };
    let baselineSum = 0;
    let outstandingMax: number | null = 0;
    for (const group of groups) {
      let all = group.current.length > 0;
      for (const index of group.current) {
        const count = counts[index];
        if (count?.reported !== true) {
          all = false;
          continue;
        }
        started[group.id] = 1;
        groupFirst[group.id] = (groupFirst[group.id] ?? 0) + count.first;
        groupSecond[group.id] = (groupSecond[group.id] ?? 0) + count.second;
        groupTotal[group.id] = (groupTotal[group.id] ?? 0) + count.total;
      }
      complete[group.id] = all ? 1 : 0;
      const w = group.first + group.second;
      const cls = this.design.classOfGroup[group.id] ?? 'other';
      if (group.current.length > 0) {
        classWeight[cls] += w;
        baselineSum += w;
        if (all) classReported[cls] += w;
      }
      if (!all && group.current.length > 0) {
        if (group.total <= 0) outstandingMax = null;
        else if (outstandingMax !== null)
          outstandingMax += Math.max(
            0,
            Math.ceil(group.total * options.outstandingBoundFactor) - (groupTotal[group.id] ?? 0),
          );
      }
      const two = (groupFirst[group.id] ?? 0) + (groupSecond[group.id] ?? 0);
      if (!all || w <= 0 || two <= 0) continue;
      const scale = 1 + options.sizeNoise / w;
      const p = ((groupFirst[group.id] ?? 0) + 0.5) / (two + 1);
      const p0 = baselineShare(group);
      shareObs.push({ group: group.id, value: logit(p) - logit(p0), scale });
      turnoutObs.push({ group: group.id, value: Math.log((two + 1) / (w + 1)), scale });
    }

    const share = fitEffects(this.design, shareObs, options.sharePriors);
    const turnout = fitEffects(this.design, turnoutObs, options.turnoutPriors);

    // Votes for other choices, per two-party vote, from the count (or 0 before any).
    const countedTwo = counted.first + counted.second;
    const otherRatio = countedTwo > 0 ? (counted.total - countedTwo) / countedTwo : 0;

    // Outstanding groups: baseline votes, baseline log-odds, votes counted in them so far.
    const pending: number[] = [];
    for (const group of groups)
      if (complete[group.id] === 0 && group.current.length > 0 && group.first + group.second > 0)
        pending.push(group.id);

    // Per outstanding group, the constants every draw needs.
    const n = pending.length;
    const baseLogit = new Float64Array(n);
    const size = new Float64Array(n);
    const noiseScale = new Float64Array(n);
    const already = new Float64Array(n);
    const rows = pending.map((id) => this.design.rows[id]);
    pending.forEach((id, k) => {
      const group = groups[id];
      if (group === undefined) return;
      const w = group.first + group.second;
      baseLogit[k] = logit(baselineShare(group));
      size[k] = w;
      noiseScale[k] = 1 + options.sizeNoise / w;
      already[k] = (groupFirst[id] ?? 0) + (groupSecond[id] ?? 0);
    });

    // Sums the outstanding votes for given effects. Unit noise is independent across groups, so
    // its effect on the margin and the total is added as one normal term with the variance of
    // the linearised sum (exact enough, and far cheaper than a draw per group).
    const aggregate = (shareBeta: Float64Array, turnoutBeta: Float64Array) => {
      let first = counted.first;
      let second = counted.second;
      let other = counted.total - countedTwo;
      let shareVar = 0;
      let turnoutVar = 0;
      let turnoutLean = 0;
      let turnoutLean2 = 0;
      for (let k = 0; k < n; k++) {
        const row = rows[k];
        if (row === undefined) continue;
        const p = expit((baseLogit[k] ?? 0) + predictRow(row, shareBeta));
        const expected = (size[k] ?? 0) * Math.exp(predictRow(row, turnoutBeta));
        const outstanding = Math.max(0, expected - (already[k] ?? 0));
        first += outstanding * p;
        second += outstanding * (1 - p);
        other += outstanding * otherRatio;
        const scale = noiseScale[k] ?? 1;
        shareVar += (2 * outstanding * p * (1 - p)) ** 2 * scale;
        const t2 = outstanding * outstanding * scale;
        const lean = 2 * p - 1;
        turnoutVar += t2;
        turnoutLean += t2 * lean;
        turnoutLean2 += t2 * lean * lean;
      }
      const two = first + second;
      const m = two > 0 ? (first - second) / two : 0;
      // Var of Σ T_j σ_u e_j ((2p_j − 1) − m) and of Σ 2 T_j p_j (1 − p_j) σ_s e_j, over two².
      const marginVar =
        two > 0
          ? (share.residualSd ** 2 * shareVar +
              turnout.residualSd ** 2 * (turnoutLean2 - 2 * m * turnoutLean + m * m * turnoutVar)) /
            (two * two)
          : 0;
      const totalSd = turnout.residualSd * Math.sqrt(turnoutVar) * (1 + otherRatio);
      return {
        margin: 100 * m,
        marginSd: 100 * Math.sqrt(Math.max(0, marginVar)),
        total: two + other,
        totalSd,
      };
    };

    const point = aggregate(share.mean, turnout.mean);
    const random = seededRandom(options.seed);
    const normal = gaussian(random);
    const margins = new Float64Array(options.draws);
    const totals = new Float64Array(options.draws);
    for (let d = 0; d < options.draws; d++) {
      const shareBeta = drawEffects(share, normal, options.tailDegrees);
      const turnoutBeta = drawEffects(turnout, normal, options.tailDegrees);
      const result = aggregate(shareBeta, turnoutBeta);
      margins[d] = result.margin + normal() * result.marginSd;
      totals[d] = result.total + normal() * result.totalSd;
    }
    margins.sort();
    totals.sort();
    const projectedTotalVotes = Math.max(point.total, counted.total);
    return {
      counted,
      reportedMargin: countedTwo > 0 ? (100 * (counted.first - counted.second)) / countedTwo : null,
      projectedMargin: point.margin,
      interval90: [quantile(margins, 0.05), quantile(margins, 0.95)],
      interval99: [quantile(margins, 0.005), quantile(margins, 0.995)],
      projectedTotalVotes,
      totalVotes90: [
        Math.max(counted.total, quantile(totals, 0.05)),
        Math.max(counted.total, quantile(totals, 0.95)),
      ],
      expectedVoteShare: projectedTotalVotes > 0 ? counted.total / projectedTotalVotes : 0,
      precincts: counts.length,
      precinctsReported,
      outstandingMax,
      classReported: ratioRecord(classReported, classWeight),
      classWeight: ratioRecord(classWeight, {
        large: baselineSum,
        'first-leaning': baselineSum,
        other: baselineSum,
      }),
    };
  }
}

function ratioRecord(
  top: Record<CountyClass, number>,
  bottom: Record<CountyClass, number>,
): Record<CountyClass, number> {
  const out = { large: 0, 'first-leaning': 0, other: 0 };
  for (const key of Object.keys(out) as CountyClass[])
    out[key] = bottom[key] > 0 ? top[key] / bottom[key] : 0;
  return out;
}

// A draw of the effects from the posterior, widened by a Student-t scale so the tails are heavy.
function drawEffects(
  posterior: EffectPosterior,
  normal: () => number,
  degrees: number,
): Float64Array {
  const z = new Float64Array(posterior.size);
  for (let i = 0; i < z.length; i++) z[i] = normal();
  let chi = 0;
  for (let i = 0; i < degrees; i++) chi += normal() ** 2;
  const scale = Math.sqrt(degrees / Math.max(chi, 1e-9));
  const offset = backSolve(posterior.precisionFactor, posterior.size, z);
  const out = new Float64Array(posterior.size);
  for (let i = 0; i < out.length; i++) out[i] = (posterior.mean[i] ?? 0) + scale * (offset[i] ?? 0);
  return out;
}

function gaussian(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - random();
    const v = random();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[at] ?? Number.NaN;
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
