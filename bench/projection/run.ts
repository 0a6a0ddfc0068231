// bench/projection: the projection model and call rules replayed on Alabama 2017 (2016
// President as the baseline) in every reporting order of the projections issue, five seeds for
// the orders with random parts. Prints one JSON object (or, with --markdown, the tables of
// docs/projections.md): per order the error and intervals at 10/25/50/75/92% of precincts, the
// first call, interval coverage, wrong calls, call events, and time per snapshot.
// Usage: node --import tsx bench/projection/run.ts [--markdown] [--seeds N] [--draws N]
//   [--from saved.json]
// (--draws overrides the model's Monte Carlo draws, e.g. many draws to see the model's own
// coverage without Monte Carlo noise; --from renders the tables of an earlier JSON run without
// measuring again).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  buildBaseline,
  DEFAULT_PROJECTION_OPTIONS,
  type BacktestCheckpoint,
  type BacktestOrder,
} from '@canvass/core';
import { readBacktestFiles, replayOrder } from '@canvass/cli';

const PAIR: [string, string] = ['DEM', 'REP'];
const NAMED = [0.1, 0.25, 0.5, 0.75, 0.92];
const RUNS: readonly { order: BacktestOrder; seeded: boolean }[] = [
  { order: 'random', seeded: true },
  { order: 'by-county', seeded: true },
  { order: 'small-first', seeded: false },
  { order: 'big-cities-last', seeded: false },
  { order: 'gop-first', seeded: false },
  { order: 'pseudo-last', seeded: true },
];

interface PointSummary {
  readonly unitsFraction: number;
  readonly votesFraction: number;
  readonly expectedVoteShare: number;
  /** Raw count margin minus the truth. */
  readonly reportedError: number | null;
  /** Projected margin minus the truth. */
  readonly error: number;
  readonly interval90: readonly number[];
  readonly interval99: readonly number[];
  /** (projected total votes − final) / final. */
  readonly totalVotesError: number;
}

interface RunSummary {
  readonly order: BacktestOrder;
  readonly seed: number | null;
  readonly at: Record<string, PointSummary>;
  readonly firstCall: {
    readonly unitsFraction: number;
    readonly votesFraction: number;
    readonly winner: string;
    readonly kind: string;
  } | null;
  readonly wrongCalls: number;
  readonly retractions: number;
  readonly inDoubt: number;
  readonly covered90: number;
  readonly covered99: number;
  readonly checkpoints: number;
  readonly msPerSnapshot: number;
  /** Slowest snapshot and 95th percentile of the run's snapshot times (wall, ms). */
  readonly maxMs: number;
  readonly p95Ms: number;
  /** Every snapshot's time, in checkpoint order (for the overall max and percentiles). */
  readonly snapshotMs: readonly number[];
  /** The same for CPU time (which the machine's load changes less than wall time). */
  readonly maxCpuMs: number;
  readonly p95CpuMs: number;
  readonly snapshotCpuMs: readonly number[];
}

interface Report {
  readonly truth: number;
  readonly totalVotes: number;
  readonly matching: Record<string, unknown>;
  readonly overall: Record<string, number>;
  readonly runs: readonly RunSummary[];
  readonly machine: { readonly cpus: number; readonly loadAverage1m: number };
  /** Monte Carlo draws per snapshot (the model's default unless --draws was given). */
  readonly draws?: number;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const from = option('--from');
const report: Report =
  from === undefined
    ? await measure(Number(option('--seeds') ?? 5), option('--draws'))
    : (JSON.parse(readFileSync(from, 'utf8')) as Report);
process.stdout.write(
  args.includes('--markdown') ? markdown(report) : `${JSON.stringify(report, null, 1)}\n`,
);

async function measure(seeds: number, draws: string | undefined): Promise<Report> {
  const options = draws === undefined ? {} : { draws: Number(draws) };
  const data = (name: string): string =>
    fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
  const files = await readBacktestFiles({
    results: data('20171212__al__special__general__precinct.csv'),
    baseline: data('20161108__al__general__precinct.csv'),
    contest: 'UNITED STATES SENATOR',
    baselineContest: 'President',
    pair: PAIR,
  });
  const first = files.current.reduce((sum, unit) => sum + unit.first, 0);
  const second = files.current.reduce((sum, unit) => sum + unit.second, 0);
  const totalVotes = files.current.reduce((sum, unit) => sum + unit.total, 0);
  const truth = (100 * (first - second)) / (first + second);
  const truthWinner = truth > 0 ? PAIR[0] : PAIR[1];
  const match = buildBaseline(
    files.current.map((unit) => ({ ...unit, votes: unit.total })),
    files.baseline,
  );
  const atPoint = (point: BacktestCheckpoint): PointSummary => ({
    unitsFraction: round(point.unitsFraction, 4),
    votesFraction: round(point.votesFraction, 4),
    expectedVoteShare: round(point.expectedVoteShare, 4),
    reportedError: point.reportedMargin === null ? null : round(point.reportedMargin - truth, 3),
    error: round(point.projectedMargin - truth, 3),
    interval90: point.interval90.map((x) => round(x, 2)),
    interval99: point.interval99.map((x) => round(x, 2)),
    totalVotesError: round((point.projectedTotalVotes - totalVotes) / totalVotes, 4),
  });
  const summarize = (
    order: BacktestOrder,
    seed: number | null,
    points: readonly BacktestCheckpoint[],
  ): RunSummary => {
    // Coverage leaves out the 100% checkpoint, where every interval is the count itself.
    const scored = points.filter((point) => point.unitsFraction < 1);
    const at: Record<string, PointSummary> = {};
    for (const fraction of NAMED) {
      const point = points.find((p) => Math.abs(p.unitsFraction - fraction) < 0.001);
      if (point !== undefined) at[`${Math.round(fraction * 100)}%`] = atPoint(point);
    }
    const called = points.find((point) => point.call !== null);
    const events = points.flatMap((point) => point.events);
    return {
      order,
      seed,
      at,
      firstCall:
        called?.call == null
          ? null
          : {
              unitsFraction: round(called.unitsFraction, 4),
              votesFraction: round(called.votesFraction, 4),
              winner: called.call.winner,
              kind: called.call.kind,
            },
      wrongCalls: points.filter((p) => p.call !== null && p.call.winner !== truthWinner).length,
      retractions: events.filter((event) => event.type === 'retracted').length,
      inDoubt: events.filter((event) => event.type === 'in-doubt').length,
      covered90: scored.filter((p) => p.interval90[0] <= truth && truth <= p.interval90[1]).length,
      covered99: scored.filter((p) => p.interval99[0] <= truth && truth <= p.interval99[1]).length,
      checkpoints: scored.length,
      msPerSnapshot: round(points.reduce((sum, p) => sum + p.ms, 0) / points.length, 1),
      maxMs: round(Math.max(...points.map((p) => p.ms)), 1),
      p95Ms: round(
        percentile(
          points.map((p) => p.ms),
          0.95,
        ),
        1,
      ),
      snapshotMs: points.map((p) => round(p.ms, 1)),
      maxCpuMs: round(Math.max(...points.map((p) => p.cpuMs ?? 0)), 1),
      p95CpuMs: round(
        percentile(
          points.map((p) => p.cpuMs ?? 0),
          0.95,
        ),
        1,
      ),
      snapshotCpuMs: points.map((p) => round(p.cpuMs ?? 0, 1)),
    };
  };

  const runs: RunSummary[] = [];
  const cpuStart = process.cpuUsage();
  let snapshots = 0;
  for (const { order, seeded } of RUNS)
    for (const seed of seeded ? Array.from({ length: seeds }, (_, i) => i) : [0]) {
      const points = await replayOrder(files, { name: order, seed }, PAIR, options);
      snapshots += points.length;
      runs.push(summarize(order, seeded ? seed : null, points));
      process.stderr.write(`${order}${seeded ? ` s${seed}` : ''} done\n`);
    }
  const cpu = process.cpuUsage(cpuStart);
  const sum = (f: (run: RunSummary) => number): number =>
    runs.reduce((total, run) => total + f(run), 0);
  return {
    truth: round(truth, 3),
    totalVotes,
    matching: {
      units: match.state.units,
      matchedUnits: match.state.matchedUnits,
      votes: match.state.votes,
      matchedVotes: match.state.matchedVotes,
      matchedVoteShare: round(match.state.matchedVotes / match.state.votes, 4),
      tiers: match.tiers,
    },
    overall: {
      runs: runs.length,
      snapshots,
      coverage90: round(sum((r) => r.covered90) / sum((r) => r.checkpoints), 4),
      coverage99: round(sum((r) => r.covered99) / sum((r) => r.checkpoints), 4),
      wrongCalls: sum((r) => r.wrongCalls),
      retractions: sum((r) => r.retractions),
      inDoubtEvents: sum((r) => r.inDoubt),
      msPerSnapshot: round(sum((r) => r.msPerSnapshot * (r.checkpoints + 1)) / snapshots, 1),
      p95MsPerSnapshot: round(
        percentile(
          runs.flatMap((r) => r.snapshotMs),
          0.95,
        ),
        1,
      ),
      maxMsPerSnapshot: round(Math.max(...runs.map((r) => r.maxMs)), 1),
      runsOver250Ms: runs.filter((r) => r.maxMs > 250).length,
      runsOver500Ms: runs.filter((r) => r.maxMs > 500).length,
      p95CpuMsPerSnapshot: round(
        percentile(
          runs.flatMap((r) => r.snapshotCpuMs),
          0.95,
        ),
        1,
      ),
      maxCpuMsPerSnapshot: round(Math.max(...runs.map((r) => r.maxCpuMs)), 1),
      // Includes loading nothing: the files are read before the clock starts.
      cpuMsPerSnapshot: round((cpu.user + cpu.system) / 1000 / snapshots, 1),
    },
    runs,
    machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
    draws: options.draws ?? DEFAULT_PROJECTION_OPTIONS.draws,
  };
}

function markdown(report: Report): string {
  const { runs, overall, truth } = report;
  const lines: string[] = [];
  const fmt = (x: number, digits = 2): string => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  lines.push(
    '| order | runs | precincts in | raw count err (mean abs) | projection err (mean abs) | 90% interval | 99% interval | expected-vote err |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const { order } of RUNS) {
    const group = runs.filter((run) => run.order === order);
    for (const key of NAMED.map((f) => `${Math.round(f * 100)}%`)) {
      const points = group.flatMap((run) => (run.at[key] === undefined ? [] : [run.at[key]]));
      if (points.length === 0) continue;
      const errs = points.map((p) => p.error);
      const raw = points.map((p) => p.reportedError ?? 0);
      const bound = (which: 'interval90' | 'interval99', side: 0 | 1): string =>
        fmt(mean(points.map((p) => p[which][side] ?? 0)), 1);
      lines.push(
        `| ${order} | ${group.length} | ${key} | ${fmt(mean(raw))} (${mean(raw.map(Math.abs)).toFixed(2)}) | ${fmt(mean(errs))} (${mean(errs.map(Math.abs)).toFixed(2)}) | [${bound('interval90', 0)}, ${bound('interval90', 1)}] | [${bound('interval99', 0)}, ${bound('interval99', 1)}] | ${fmt(100 * mean(points.map((p) => p.totalVotesError)), 1)}% |`,
      );
    }
  }
  lines.push(
    '',
    '| order | seed | first call: precincts / votes | wrong calls | in-doubt / retracted | 90% covered | 99% covered | ms per snapshot, mean / p95 / max | CPU ms, p95 / max |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const run of runs) {
    const call =
      run.firstCall === null
        ? 'none'
        : `${(100 * run.firstCall.unitsFraction).toFixed(1)}% / ${(100 * run.firstCall.votesFraction).toFixed(1)}%, ${run.firstCall.winner} (${run.firstCall.kind})`;
    lines.push(
      `| ${run.order} | ${run.seed ?? '-'} | ${call} | ${run.wrongCalls} | ${run.inDoubt} / ${run.retractions} | ${run.covered90}/${run.checkpoints} | ${run.covered99}/${run.checkpoints} | ${run.msPerSnapshot} / ${run.p95Ms} / ${run.maxMs} | ${run.p95CpuMs} / ${run.maxCpuMs} |`,
    );
  }
  lines.push(
    '',
    `Truth ${truth.toFixed(3)}. Overall: ${Object.entries(overall)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}. Load average ${report.machine.loadAverage1m} on ${report.machine.cpus} cores.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The q-quantile of the values (nearest rank). */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
