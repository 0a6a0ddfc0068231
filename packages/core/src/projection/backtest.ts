import { ALABAMA_BIG_CITY_COUNTIES, seededRandom } from '../replay/night-plan.ts';
import { buildBaseline, type Baseline } from './baseline.ts';
import { CallTracker, type CallEvent } from './call-rules.ts';
import type { PairPrecinct } from './contest-precincts.ts';
import { ProjectionModel, type PrecinctCount, type ProjectionOptions } from './project-outcome.ts';

/** The reporting orders a backtest can replay. */
export const BACKTEST_ORDERS = [
  'random',
  'by-county',
  'small-first',
  'big-cities-last',
  'gop-first',
  'pseudo-last',
] as const;

/** A reporting order of a backtest. */
export type BacktestOrder = (typeof BACKTEST_ORDERS)[number];

/** Fractions of precincts (percent) at which a backtest reports. */
export const BACKTEST_CHECKPOINTS: readonly number[] = [
  ...Array.from({ length: 20 }, (_, i) => 5 * (i + 1)),
  87.5,
  92,
  97.5,
].sort((a, b) => a - b);

/** One checkpoint of a backtest, in the shape `canvass backtest --json` prints. */
export interface BacktestCheckpoint {
  readonly unitsFraction: number;
  readonly votesFraction: number;
  readonly expectedVoteShare: number;
  readonly reportedMargin: number | null;
  readonly projectedMargin: number;
  readonly interval90: readonly [number, number];
  readonly interval99: readonly [number, number];
  readonly projectedTotalVotes: number;
  readonly call: { readonly winner: string; readonly kind: 'statistical' | 'mathematical' } | null;
  readonly events: readonly CallEvent[];
  /** Wall time of the snapshot (projection and call rules), ms. */
  readonly ms: number;
  /** CPU time of the same, ms (null without a CPU clock). */
  readonly cpuMs: number | null;
}

/**
 * The precinct order of a backtest: indices into `current`. Random parts use `seed`.
 * `small-first` and `gop-first` rank by the baseline of each precinct's group.
 * @example orderPrecincts(current, baseline, 'by-county', 2)
 */
export function orderPrecincts(
  current: readonly PairPrecinct[],
  baseline: Baseline,
  order: BacktestOrder,
  seed: number,
): number[] {
  const random = seededRandom(seed);
  const indices = current.map((_, index) => index);
  const noise = indices.map(() => random());
  const group = (index: number) => baseline.groups[baseline.groupOfCurrent[index] ?? -1];
  const byKey = (key: (index: number) => number): number[] =>
    [...indices].sort((a, b) => key(a) - key(b) || (noise[a] ?? 0) - (noise[b] ?? 0));
  switch (order) {
    case 'random':
      return byKey(() => 0);
    case 'by-county': {
      const counties = [...new Set(current.map((unit) => unit.county))];
      const rank = new Map(counties.map((county) => [county, random()]));
      return byKey((index) => rank.get(current[index]?.county ?? '') ?? 0);
    }
    case 'small-first':
      return byKey((index) => {
        const g = group(index);
        return g === undefined || g.current.length === 0 ? 0 : g.total / g.current.length;
      });
    case 'big-cities-last': {
      const big = new Set(ALABAMA_BIG_CITY_COUNTIES.map((name) => name.toUpperCase()));
      return byKey((index) => (big.has((current[index]?.county ?? '').toUpperCase()) ? 1 : 0));
    }
    case 'gop-first':
      return byKey((index) => {
        const g = group(index);
        const two = g === undefined ? 0 : g.first + g.second;
        return two > 0 && g !== undefined ? -(g.second / two) : 0;
      });
    case 'pseudo-last':
      return byKey((index) => (current[index]?.pseudoKind === null ? 0 : 1));
  }
}

/** What to backtest. */
export interface BacktestInput {
  readonly current: readonly PairPrecinct[];
  readonly baseline: readonly PairPrecinct[];
  /** Indices into `current`, in reporting order (all of them, each once). */
  readonly order: readonly number[];
  /** Labels of the pair, e.g. ['DEM', 'REP']. */
  readonly pair: readonly [string, string];
  readonly options?: Partial<ProjectionOptions>;
  /** The clock used to time each snapshot (milliseconds). */
  readonly now?: () => number;
  /** The process's CPU time so far (milliseconds), to time each snapshot's CPU too. */
  readonly cpuNow?: () => number;
}

/**
 * Replays a final file: precincts report whole, in the given order; at every checkpoint the
 * model projects the final margin and the call tracker applies the call rules.
 * @example runBacktest({ current, baseline, order, pair: ['DEM', 'REP'] })
 */
export function runBacktest(input: BacktestInput): BacktestCheckpoint[] {
  const { current, order } = input;
  if (order.length !== current.length || new Set(order).size !== current.length)
    throw new Error(`the order must list each of the ${current.length} precincts exactly once`);
  const baseline = buildBaseline(
    current.map((unit) => ({
      county: unit.county,
      precinct: unit.precinct,
      pseudoKind: unit.pseudoKind,
      votes: unit.total,
    })),
    input.baseline,
  );
  const model = new ProjectionModel(baseline, input.options);
  const tracker = new CallTracker();
  const now = input.now ?? (() => 0);
  const finalTotal = current.reduce((sum, unit) => sum + unit.total, 0);
  const counts: PrecinctCount[] = current.map(() => ({
    reported: false,
    first: 0,
    second: 0,
    total: 0,
  }));
  const out: BacktestCheckpoint[] = [];
  let reported = 0;
  let countedTotal = 0;
  for (const percent of BACKTEST_CHECKPOINTS) {
    const target = Math.round((percent / 100) * current.length);
    while (reported < target) {
      const index = order[reported] ?? 0;
      const unit = current[index];
      if (unit !== undefined) {
        counts[index] = {
          reported: true,
          first: unit.first,
          second: unit.second,
          total: unit.total,
        };
        countedTotal += unit.total;
      }
      reported += 1;
    }
    const cpuStarted = input.cpuNow?.() ?? 0;
    const started = now();
    const projection = model.project(counts);
    const events = tracker.update(projection);
    const ms = now() - started;
    const cpuMs = input.cpuNow === undefined ? null : input.cpuNow() - cpuStarted;
    const standing = tracker.standing;
    out.push({
      unitsFraction: reported / current.length,
      votesFraction: finalTotal > 0 ? countedTotal / finalTotal : 0,
      expectedVoteShare: projection.expectedVoteShare,
      reportedMargin: projection.reportedMargin,
      projectedMargin: projection.projectedMargin,
      interval90: projection.interval90,
      interval99: projection.interval99,
      projectedTotalVotes: projection.projectedTotalVotes,
      call:
        standing === null
          ? null
          : {
              winner: standing.side === 'first' ? input.pair[0] : input.pair[1],
              kind: standing.kind,
            },
      events,
      ms,
      cpuMs,
    });
  }
  return out;
}
