import { seededRandom } from '../replay/night-plan.ts';
import type { Baseline } from './baseline.ts';
import { fitEffects, type EffectPriors, type Observation } from './bayes-fit.ts';
import {
  buildGroupDesign,
  baselineShare,
  compileDesign,
  type CompiledDesign,
  type CountyClass,
  type GroupDesign,
} from './group-design.ts';
import { mixtureQuantiles } from './mixture-quantile.ts';
import {
  AntitheticSampler,
  OutstandingSummer,
  type OutstandingGroups,
} from './outstanding-draws.ts';

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
  /** The design collapsed for the draws; per group exp(−baseline log-odds) and noise scale. */
  private readonly compiled: CompiledDesign;
  private readonly baseOddsAgainst: Float64Array;
  private readonly noiseScale: Float64Array;

  constructor(baseline: Baseline, options: Partial<ProjectionOptions> = {}) {
    this.baseline = baseline;
    this.design = buildGroupDesign(baseline.groups);
    this.options = { ...DEFAULT_PROJECTION_OPTIONS, ...options };
    this.compiled = compileDesign(this.design);
    this.baseOddsAgainst = new Float64Array(baseline.groups.length);
    this.noiseScale = new Float64Array(baseline.groups.length);
    for (const group of baseline.groups) {
      const w = group.first + group.second;
      this.baseOddsAgainst[group.id] = Math.exp(-logit(baselineShare(group)));
      this.noiseScale[group.id] = w > 0 ? 1 + this.options.sizeNoise / w : 1;
    }
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

    // Outstanding groups, gathered with the constants every draw needs so the draw loop reads
    // them in order.
    const { compiled } = this;
    let n = 0;
    for (const group of groups)
      if (complete[group.id] === 0 && group.current.length > 0 && group.first + group.second > 0)
        n += 1;
    const outstanding: OutstandingGroups = {
      count: n,
      lean: new Float64Array(n),
      baseOddsAgainst: new Float64Array(n),
      size: new Float64Array(n),
      shareNoise: new Float64Array(n),
      turnoutNoise: new Float64Array(n),
      already: new Float64Array(n),
      cellOf: new Int32Array(n),
      bandOf: new Int32Array(n),
    };
    {
      let k = 0;
      for (const group of groups) {
        const id = group.id;
        if (complete[id] !== 0 || group.current.length === 0 || group.first + group.second <= 0)
          continue;
        outstanding.lean[k] = compiled.lean[id] ?? 0;
        outstanding.baseOddsAgainst[k] = this.baseOddsAgainst[id] ?? 1;
        outstanding.size[k] = group.first + group.second;
        const noiseClass = this.design.noiseClassOf[id] ?? 0;
        const scale = this.noiseScale[id] ?? 1;
        outstanding.shareNoise[k] = (share.residualSds[noiseClass] ?? 0) ** 2 * scale;
        outstanding.turnoutNoise[k] = (turnout.residualSds[noiseClass] ?? 0) ** 2 * scale;
        outstanding.already[k] = (groupFirst[id] ?? 0) + (groupSecond[id] ?? 0);
        outstanding.cellOf[k] = compiled.cellOf[id] ?? 0;
        outstanding.bandOf[k] = compiled.bandOf[id] ?? 0;
        k += 1;
      }
    }
    const summer = new OutstandingSummer(compiled, outstanding);
    const countedOther = counted.total - countedTwo;

    // Sums the outstanding votes for given effects. Unit noise is independent across groups, so
    // its effect on the margin and the total is added as one normal term with the variance of
    // the linearised sum (exact enough, and far cheaper than a draw per group). Each group's
    // noise variance carries its noise class's residual SD (precinct, absentee, provisional).
    const aggregate = (shareBeta: Float64Array, turnoutBeta: Float64Array) => {
      const sums = summer.sum(shareBeta, turnoutBeta);
      const first = counted.first + sums.first;
      const second = counted.second + (sums.two - sums.first);
      const other = countedOther + sums.two * otherRatio;
      const two = first + second;
      const m = two > 0 ? (first - second) / two : 0;
      // Var of Σ T_j σ_u,j e_j ((2p_j − 1) − m) and of Σ 2 T_j p_j (1 − p_j) σ_s,j e_j, over two².
      const marginVar =
        two > 0
          ? (sums.shareVar +
              (sums.turnoutTilt2 - 2 * m * sums.turnoutTilt + m * m * sums.turnoutVar)) /
            (two * two)
          : 0;
      const totalSd = Math.sqrt(sums.turnoutVar) * (1 + otherRatio);
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
    const shareDraws = new AntitheticSampler(share, options.tailDegrees);
    const turnoutDraws = new AntitheticSampler(turnout, options.tailDegrees);
    // Per draw of the effects: the projected margin and total, and the sd of the unit noise
    // around them. The intervals are quantiles of the mixture of those normals.
    const margins = new Float64Array(options.draws);
    const marginSds = new Float64Array(options.draws);
    const totals = new Float64Array(options.draws);
    const totalSds = new Float64Array(options.draws);
    for (let d = 0; d < options.draws; d++) {
      // Draws come in antithetic pairs: a fresh pair on even d, its mirror on odd d.
      const mirror = d % 2 === 1;
      if (!mirror) {
        shareDraws.draw(normal);
        turnoutDraws.draw(normal);
      }
      const result = mirror
        ? aggregate(shareDraws.minus, turnoutDraws.minus)
        : aggregate(shareDraws.plus, turnoutDraws.plus);
      margins[d] = result.margin;
      marginSds[d] = result.marginSd;
      totals[d] = result.total;
      totalSds[d] = result.totalSd;
    }
    const [low90 = 0, high90 = 0, low99 = 0, high99 = 0] = mixtureQuantiles(
      margins,
      marginSds,
      [0.05, 0.95, 0.005, 0.995],
    );
    const [totalLow = 0, totalHigh = 0] = mixtureQuantiles(totals, totalSds, [0.05, 0.95]);
    const projectedTotalVotes = Math.max(point.total, counted.total);
    return {
      counted,
      reportedMargin: countedTwo > 0 ? (100 * (counted.first - counted.second)) / countedTwo : null,
      projectedMargin: point.margin,
      interval90: [low90, high90],
      interval99: [low99, high99],
      projectedTotalVotes,
      totalVotes90: [Math.max(counted.total, totalLow), Math.max(counted.total, totalHigh)],
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

function logit(p: number): number {
  return Math.log(p / (1 - p));
}
