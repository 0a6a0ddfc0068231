import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BACKTEST_ORDERS, type BacktestCheckpoint } from '@canvass/core';
import { BacktestInputError } from '../backtest/read-pair-file.ts';
import { isBacktestOrder, readBacktestFiles, replayOrder } from '../backtest/run-backtest.ts';
import type { SetExit } from './shared.ts';

interface BacktestCommandOptions {
  results: string;
  baseline: string;
  contest: string;
  baselineContest: string;
  pair: string;
  order?: string;
  seed: string;
  orderFile?: string;
  json?: true;
  output?: string;
}

/**
 * `canvass backtest`: replays a final precinct file in a reporting order and prints, at each
 * checkpoint, the projection and the call.
 */
export function registerBacktest(program: Command, setExit: SetExit): void {
  program
    .command('backtest')
    .description('replay a final precinct file in a reporting order and show projections and calls')
    .requiredOption('--results <file>', 'OpenElections precinct CSV with the final results')
    .requiredOption('--baseline <file>', 'OpenElections precinct CSV of the baseline election')
    .requiredOption('--contest <name>', 'the contest to project')
    .requiredOption('--baseline-contest <name>', 'the baseline contest')
    .option('--pair <a,b>', 'the two parties of the margin', 'DEM,REP')
    .option('--order <order>', BACKTEST_ORDERS.join(' | '))
    .option('--seed <n>', 'seed of the random parts of the order', '1')
    .option('--order-file <file>', 'CSV lines county,precinct in reporting order')
    .option('--json', 'print a JSON array with one element per checkpoint')
    .option('--output <file>', 'write to this file instead of the standard output')
    .action(async (options: BacktestCommandOptions) => {
      const problem = checkOptions(options);
      if (problem !== null) {
        process.stderr.write(`${problem}\n`);
        setExit(2);
        return;
      }
      const [first = '', second = ''] = options.pair.split(',').map((part) => part.trim());
      const pair: [string, string] = [first, second];
      try {
        const files = await readBacktestFiles({ ...options, pair });
        const order =
          options.orderFile !== undefined
            ? { file: options.orderFile }
            : {
                name: options.order as (typeof BACKTEST_ORDERS)[number],
                seed: Number(options.seed),
              };
        const checkpoints = await replayOrder(files, order, pair);
        const text =
          options.json === true
            ? `${JSON.stringify(checkpoints, null, 1)}\n`
            : renderCheckpoints(checkpoints, pair);
        if (options.output === undefined) process.stdout.write(text);
        else await writeFile(options.output, text);
      } catch (error) {
        if (!(error instanceof BacktestInputError)) throw error;
        process.stderr.write(`${error.message}\n`);
        setExit(1);
      }
    });
}

function checkOptions(options: BacktestCommandOptions): string | null {
  if ((options.order === undefined) === (options.orderFile === undefined))
    return 'give exactly one of --order and --order-file';
  if (options.order !== undefined && !isBacktestOrder(options.order))
    return `--order takes ${BACKTEST_ORDERS.join(', ')}`;
  if (!/^\d+$/.test(options.seed)) return '--seed takes a whole number';
  const parts = options.pair.split(',').map((part) => part.trim());
  if (parts.length !== 2 || parts.some((part) => part === '') || parts[0] === parts[1])
    return '--pair takes two different parties, e.g. DEM,REP';
  return null;
}

function renderCheckpoints(
  checkpoints: readonly BacktestCheckpoint[],
  pair: readonly [string, string],
): string {
  const fixed = (value: number | null, digits = 2): string =>
    value === null ? '-' : value.toFixed(digits);
  const lines = [
    `margins are 100 x (${pair[0]} - ${pair[1]}) / (${pair[0]} + ${pair[1]})`,
    'precincts  votes  exp.vote  reported  projected  90% interval      99% interval      call',
  ];
  for (const point of checkpoints)
    lines.push(
      [
        `${fixed(100 * point.unitsFraction, 1)}%`.padStart(9),
        `${fixed(100 * point.votesFraction, 1)}%`.padStart(6),
        `${fixed(100 * point.expectedVoteShare, 1)}%`.padStart(9),
        fixed(point.reportedMargin).padStart(9),
        fixed(point.projectedMargin).padStart(10),
        `[${fixed(point.interval90[0])}, ${fixed(point.interval90[1])}]`.padEnd(17),
        `[${fixed(point.interval99[0])}, ${fixed(point.interval99[1])}]`.padEnd(17),
        point.call === null ? '-' : `${point.call.winner} (${point.call.kind})`,
      ].join(' '),
    );
  return `${lines.join('\n')}\n`;
}
