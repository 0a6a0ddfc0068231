import {
  BACKTEST_ORDERS,
  buildBaseline,
  orderPrecincts,
  runBacktest,
  type BacktestCheckpoint,
  type BacktestOrder,
  type PairPrecinct,
  type ProjectionOptions,
} from '@canvass/core';
import { readOrderFile } from './read-order-file.ts';
import { BacktestInputError, readPairFile } from './read-pair-file.ts';

/** What `canvass backtest` was asked to do. */
export interface BacktestRequest {
  readonly results: string;
  readonly baseline: string;
  readonly contest: string;
  readonly baselineContest: string;
  readonly pair: readonly [string, string];
  /** A named order with its seed, or an order file. */
  readonly order:
    { readonly name: BacktestOrder; readonly seed: number } | { readonly file: string };
  readonly options?: Partial<ProjectionOptions>;
}

/** The two files of a backtest, read once (several orders can then be replayed cheaply). */
export interface BacktestFiles {
  readonly current: readonly PairPrecinct[];
  readonly baseline: readonly PairPrecinct[];
}

/** Reads the results and baseline files of a backtest. */
export async function readBacktestFiles(
  request: Pick<BacktestRequest, 'results' | 'baseline' | 'contest' | 'baselineContest' | 'pair'>,
): Promise<BacktestFiles> {
  const current = await readPairFile(request.results, request.contest, request.pair);
  const baseline = await readPairFile(request.baseline, request.baselineContest, request.pair);
  if (current.length === 0)
    throw new BacktestInputError(
      `${request.results}: no precinct has votes in "${request.contest}"`,
    );
  return { current, baseline };
}

/**
 * Replays one order over files already read.
 * @example replayOrder(files, { name: 'random', seed: 1 }, ['DEM', 'REP'])
 */
export async function replayOrder(
  files: BacktestFiles,
  order: BacktestRequest['order'],
  pair: readonly [string, string],
  options: Partial<ProjectionOptions> = {},
): Promise<BacktestCheckpoint[]> {
  const indices =
    'file' in order
      ? await readOrderFile(order.file, files.current)
      : orderPrecincts(
          files.current,
          buildBaseline(
            files.current.map((unit) => ({ ...unit, votes: unit.total })),
            files.baseline,
          ),
          order.name,
          order.seed,
        );
  return runBacktest({
    current: files.current,
    baseline: files.baseline,
    order: indices,
    pair,
    options,
    now: () => performance.now(),
    cpuNow: () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    },
  });
}

/** Whether a string names a backtest order. */
export function isBacktestOrder(value: string): value is BacktestOrder {
  return (BACKTEST_ORDERS as readonly string[]).includes(value);
}
