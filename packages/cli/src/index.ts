export { main } from './main.ts';
export { readFinalFile, unitsToCsv, type FinalFile } from './replay/read-final-file.ts';
export {
  ensureElection,
  runReplay,
  type ReplayOptions,
  type ReplaySummary,
} from './replay/run-replay.ts';
export { readBacktestFiles, replayOrder, type BacktestFiles } from './backtest/run-backtest.ts';
