// bench/audit: Canvass's audit math against the reference timings in RLA.md §7 (Python, measured
// on a 2-core machine). Prints one JSON object: for each operation our seconds (wall), the process
// CPU seconds of the same measurement, the reference seconds and the ratio reference/ours, plus
// the 1-minute load average (wall figures on a busy machine are inflated; CPU seconds much less
// so). Millisecond operations are warmed up (20 calls and 0.5 s), then timed call by call for at
// least 0.5 s and the median call is reported (their first, cold call is shown too). Goals from
// the audit issue: 100k draws from 1M ballots < 0.7 s, a 1,000-draw second round < 0.1 s;
// `slowerThanReference` lists every row whose wall ratio is below 1, `slowerThanReferenceByCpu`
// every row whose CPU ratio is. The sampling rows are also measured with the ranking pass split
// over two threads (the server's BallotRankingPool), checked to draw the same sample.
// Usage: node --import tsx bench/audit/run.ts [--sampling-only]
// (--sampling-only: only the sampling rows, e.g. to profile them with --cpu-prof)
import { cpus, loadavg } from 'node:os';
import {
  SamplerCache,
  alphaMart,
  bravoSampleSizes,
  comparisonSampleSize,
  drawBallotSample,
  fixedAlternativeMean,
  interleaveValues,
  macroRisk,
  macroSampleSize,
  minervaRisk,
  minervaSampleSizes,
  optimalComparison,
  sampleSizeFor,
  shrinkTrunc,
  suiteRisk,
  supersimpleRisk,
  supersimpleSampleSize,
  type AuditContest,
  type BatchDraw,
  type ManifestBatch,
} from '@canvass/core';
import { BallotRankingPool } from '@canvass/server';

interface Row {
  readonly seconds: number;
  /** RLA.md §7's reference time, or null where it gives none. */
  readonly referenceSeconds: number | null;
  /** referenceSeconds / seconds. */
  readonly speedup: number | null;
  /** referenceSeconds / cpuSeconds: the ratio a quiet machine would show (wall ≈ CPU there). */
  readonly cpuSpeedup?: number | null;
  /** Process CPU seconds of the same run: close to the wall time of an idle machine. */
  readonly cpuSeconds?: number;
  /** For repeated operations, the first call's wall seconds (before the JIT has warmed up). */
  readonly coldSeconds?: number;
  /** The target, where it sets one, and whether the wall time meets it. */
  readonly goalSeconds?: number;
  readonly meetsGoal?: boolean;
  readonly note?: string;
}

const results: Record<string, Row> = {};

/** Wall and process-CPU seconds of one measurement. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
  /** perCall only: the very first call, JIT compilation included (a one-off call's cost). */
  readonly cold?: number;
}

function record(
  name: string,
  measured: number | Timing,
  referenceSeconds: number | null,
  note?: string,
  cpu?: number,
  goalSeconds?: number,
): void {
  const seconds = typeof measured === 'number' ? measured : measured.wall;
  const cpuSeconds = typeof measured === 'number' ? cpu : measured.cpu;
  results[name] = {
    seconds: round(seconds),
    referenceSeconds,
    speedup: referenceSeconds === null ? null : round(referenceSeconds / seconds, 2),
    ...(cpuSeconds === undefined
      ? {}
      : {
          cpuSeconds: round(cpuSeconds),
          cpuSpeedup: referenceSeconds === null ? null : round(referenceSeconds / cpuSeconds, 2),
        }),
    ...(typeof measured === 'number' || measured.cold === undefined
      ? {}
      : { coldSeconds: round(measured.cold) }),
    ...(goalSeconds === undefined ? {} : { goalSeconds, meetsGoal: seconds < goalSeconds }),
    ...(note === undefined ? {} : { note }),
  };
}

function round(x: number, digits = 4): number {
  return Number(x.toPrecision(digits));
}

/**
 * Seconds per call in steady state: at least 20 warm-up calls and 0.5 s, at most 3 s (on a
 * loaded machine the optimising compiler's background thread needs that long), then calls timed one by one for at least 0.5 s and 7 calls. The median
 * wall time resists the pauses a shared machine inflicts; CPU is the mean over the timed calls.
 */
function perCall(fn: () => unknown): Timing {
  const warm = performance.now();
  fn();
  const cold = (performance.now() - warm) / 1000;
  for (
    let i = 1;
    (i < 20 || performance.now() - warm < 500) && performance.now() - warm < 3000;
    i++
  ) {
    fn();
  }
  const walls: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (walls.length < 7 || performance.now() - started < 500) {
    const t0 = performance.now();
    fn();
    walls.push(performance.now() - t0);
  }
  const used = process.cpuUsage(cpu);
  walls.sort((a, b) => a - b);
  return {
    wall: (walls[walls.length >> 1] as number) / 1000,
    cpu: (used.user + used.system) / 1e6 / walls.length,
    cold,
  };
}

/** [value, wall seconds, process CPU seconds] of one call. */
function time<T>(fn: () => T): [T, number, number] {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return [value, (performance.now() - started) / 1000, (used.user + used.system) / 1e6];
}

/**
 * One call's timing when it takes 0.1 s or more; otherwise the steady state of {@link perCall}
 * (with this first call as the cold time), like the other millisecond rows.
 */
function timing(fn: () => unknown): Timing {
  const [, wall, cpu] = time(fn);
  if (wall >= 0.1) return { wall, cpu };
  return { ...perCall(fn), cold: wall };
}

if (process.argv.includes('--sampling-only')) {
  await benchSampling();
  report();
  process.exit(0);
}

// --- BRAVO ---
const contest = (
  name: string,
  choices: [string, number][],
  ballots: number,
  numWinners = 1,
): AuditContest => ({
  name,
  choices,
  ballots,
  numWinners,
  votesAllowed: numWinners,
});
const bravoContests = [
  contest(
    'two_55_45',
    [
      ['A', 5500],
      ['B', 4500],
    ],
    10_000,
  ),
  contest(
    'four',
    [
      ['A', 400_000],
      ['B', 300_000],
      ['C', 200_000],
      ['D', 100_000],
    ],
    1_000_000,
  ),
  contest(
    'close_100M',
    [
      ['A', 50_500_000],
      ['B', 49_500_000],
    ],
    100_000_000,
  ),
];
for (const c of bravoContests) {
  record(
    `bravo_sample_sizes_${c.name}`,
    perCall(() => bravoSampleSizes({ alpha: 0.1, contest: c, rounds: [], numSampled: 0 })),
    0.006,
  );
}

// --- SuperSimple: risk of 534 sampled ballots, and a size ---
const ss = contest(
  'ss',
  [
    ['winner', 60_000],
    ['loser', 40_000],
  ],
  100_000,
);
const sample = Array.from({ length: 534 }, (_, i) => ({
  discrepancy: i === 7 ? { countedAs: 1, weightedError: 1 / 20_000 } : null,
  timesSampled: 1,
}));
record(
  'supersimple_compute_risk_534',
  perCall(() => supersimpleRisk(0.1, ss, sample)),
  0.006,
);
record(
  'supersimple_sample_size',
  perCall(() => supersimpleSampleSize(0.1, ss, { sampleSize: 0, oneOver: 0, twoOver: 0 })),
  null,
  'RLA.md §7 gives no reference',
);

// --- MACRO: 5,000 batches ---
const batchKeys = Array.from({ length: 5000 }, (_, i) => `b${String(i)}`);
const reported = new Map(
  batchKeys.map((k, i) => [k, { A: 60 + (i % 7), B: 40 + (i % 5), ballots: 110 }]),
);
const totals = [...reported.values()].reduce((s, t) => ({ A: s.A + t.A, B: s.B + t.B }), {
  A: 0,
  B: 0,
});
const macroContest = contest(
  'm',
  [
    ['A', totals.A],
    ['B', totals.B],
  ],
  550_000,
);
const draws: BatchDraw[] = Array.from({ length: 200 }, (_, i) => ({
  ticket: `0.${String(i * 4999).padStart(8, '0')}`,
  batchKey: batchKeys[(i * 37) % 5000] ?? 'b0',
}));
const audited = new Map(draws.map((d) => [d.batchKey, reported.get(d.batchKey) ?? {}]));
const macroBase = { alpha: 0.1, contest: macroContest, reported, allBatches: batchKeys } as const;
record(
  'macro_sample_sizes_5000_batches',
  perCall(() => macroSampleSize({ ...macroBase, audited: new Map(), draws: [] })),
  0.035,
);
record(
  'macro_compute_risk_200_draws',
  perCall(() => macroRisk({ ...macroBase, audited, draws })),
  0.021,
);

// --- MINERVA ---
const minervaSizes: [string, AuditContest, number][] = [
  [
    '60_40',
    contest(
      '60_40',
      [
        ['A', 600_000],
        ['B', 400_000],
      ],
      1_000_000,
    ),
    0.03,
  ],
  [
    '55_45',
    contest(
      '55_45',
      [
        ['A', 550_000],
        ['B', 450_000],
      ],
      1_000_000,
    ),
    0.04,
  ],
  [
    'four_candidates',
    contest(
      'four',
      [
        ['A', 400_000],
        ['B', 300_000],
        ['C', 200_000],
        ['D', 100_000],
      ],
      1_000_000,
    ),
    0.09,
  ],
  [
    'margin_1.5pct_bisection',
    contest(
      'm',
      [
        ['a', 5076],
        ['b', 4925],
      ],
      10_001,
    ),
    0.6,
  ],
];
for (const [name, c, ref] of minervaSizes) {
  record(
    `minerva_sample_sizes_${name}`,
    timing(() => minervaSampleSizes({ alpha: 0.05, contest: c, roundSizes: [] })),
    ref,
  );
}
const m5545 = contest(
  'm',
  [
    ['A', 5_500_000],
    ['B', 4_500_000],
  ],
  10_000_000,
);
for (const [label, rounds, ref] of [
  ['10k', [10_000], 0.015],
  ['10k+10k', [10_000, 10_000], 0.11],
  ['30k+30k', [30_000, 30_000], 1.6],
  ['50k+50k', [50_000, 50_000], 3.5],
  ['100k+100k', [100_000, 100_000], 16.3],
] as const) {
  // An even first round never stops, so the last round needs the full convolution.
  const tallies = rounds.map((n, j) => {
    const a = Math.round(n * (j === 0 ? 0.5 : 0.53));
    return { A: a, B: n - a };
  });
  record(
    `minerva_compute_risk_${label}`,
    timing(() => minervaRisk(0.1, m5545, tallies)),
    ref,
  );
}

// --- SUITE: the CORLA18 example (a CVR stratum of 10,000 and a polling stratum of 1,000) ---
const suiteContest = contest(
  'ex1',
  [
    ['winner', 5300],
    ['loser', 5100],
  ],
  11_000,
);
const strata = {
  cvr: { ballots: 10_000, n: 500, misstatements: new Map() },
  polling: {
    ballots: 1000,
    n: 250,
    reported: { winner: 750, loser: 150 },
    sampled: { winner: 187, loser: 37 },
  },
};
record(
  'suite_compute_risk',
  perCall(() => suiteRisk(0.1, suiteContest, strata)),
  0.2,
  'reference: 0.2-1.1 s',
);

// --- ALPHA / SHANGRLA ---
const xs = Array.from({ length: 1_000_000 }, (_, i) => (i % 10 < 6 ? 1 : 0));
const setting = { N: 1_000_000, t: 0.5, u: 1 };
record(
  'alpha_mart_1e6_fixed_eta',
  perCall(() => alphaMart(xs, setting, fixedAlternativeMean(0.6))),
  0.036,
);
record(
  'alpha_mart_1e6_shrink_trunc',
  perCall(() => alphaMart(xs, setting, shrinkTrunc({ eta: 0.6 }))),
  0.74,
);
record(
  'shangrla_comparison_sample_size_N1e6',
  perCall(() =>
    comparisonSampleSize({
      N: 1_000_000,
      margin: 0.1,
      alpha: 0.05,
      rate1: 0.001,
      rate2: 0.0001,
      estimator: optimalComparison(),
    }),
  ),
  0.045,
);
record(
  'shangrla_polling_sample_size_N1e5',
  perCall(() =>
    sampleSizeFor(
      interleaveValues(45_000, 0, 55_000),
      0.05,
      { N: 100_000, t: 0.5, u: 1 },
      shrinkTrunc({ eta: 0.55 }),
    ),
  ),
  0.04,
);

// --- Sampling: a 1,000,000-ballot manifest (1,000 batches of 1,000), Arlo-compatible ids. ---
// Run last and inside a function: the million-ballot manifest, the cached session and the
// drawn sample would otherwise stay live and make every later measurement's garbage collections
// (ALPHA allocates 16 MB per call) walk them.
async function benchSampling(): Promise<void> {
  const manifest: ManifestBatch[] = Array.from({ length: 1000 }, (_, b) => ({
    batchKey: [`Jurisdiction ${String(b % 20)}`, null, `Batch ${String(b)}`],
    positions: Array.from({ length: 1000 }, (_, i) => i + 1),
  }));
  const cache = new SamplerCache();
  const seed = '32423432423432';
  const [round1, r1Seconds, r1Cpu] = time(() =>
    drawBallotSample({ seed, manifest, sampleSize: 100_000, idMode: 'arlo', cache }),
  );
  const distinct = new Set(round1.map((d) => d.hashedId)).size;
  const maxGeneration = Math.max(...round1.map((d) => d.generation));
  record(
    'sample_100k_with_replacement_from_1M',
    r1Seconds,
    7.1,
    `${String(distinct)} distinct, max generation ${String(maxGeneration)}`,
    r1Cpu,
    0.7,
  );
  const [, r2Seconds, r2Cpu] = time(() =>
    drawBallotSample({
      seed,
      manifest,
      sampleSize: 1000,
      numSampled: 100_000,
      idMode: 'arlo',
      cache,
    }),
  );
  record(
    'sample_round2_1000_more_from_1M',
    r2Seconds,
    2.9,
    'cached session; Arlo re-hashes the manifest',
    r2Cpu,
    0.1,
  );
  const [, withoutSeconds, withoutCpu] = time(() =>
    drawBallotSample({
      seed,
      manifest,
      sampleSize: 100_000,
      withReplacement: false,
      idMode: 'arlo',
    }),
  );
  record('sample_100k_without_replacement_from_1M', withoutSeconds, 4.5, undefined, withoutCpu);
  const [, typicalSeconds, typicalCpu] = time(() =>
    drawBallotSample({ seed: '7', manifest, sampleSize: 1000, idMode: 'arlo' }),
  );
  record('sample_1000_from_1M_round1', typicalSeconds, 3.4, undefined, typicalCpu);

  // The same round-1 draws with the ranking pass split between this thread and one worker
  // thread (the server's BallotRankingPool). The pool is started and warmed before the clock
  // starts, as a server does at startup. CPU seconds here count both threads.
  const pool = new BallotRankingPool(1);
  try {
    await pool.rank({ seed: 'warm-up', manifest: manifest.slice(0, 8), idMode: 'arlo' });
    const twoThreads = async (sampleSize: number, withReplacement: boolean, s: string) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const firstKeys = await pool.rank({ seed: s, manifest, idMode: 'arlo' });
      const drawn = drawBallotSample({
        seed: s,
        manifest,
        sampleSize,
        withReplacement,
        idMode: 'arlo',
        firstKeys,
      });
      const used = process.cpuUsage(cpu);
      return {
        drawn,
        wall: (performance.now() - started) / 1000,
        cpu: (used.user + used.system) / 1e6,
      };
    };
    const parallel = await twoThreads(100_000, true, seed);
    if (JSON.stringify(parallel.drawn) !== JSON.stringify(round1)) {
      throw new Error('two-thread ranking drew a different sample');
    }
    record(
      'sample_100k_with_replacement_from_1M_2_threads',
      parallel,
      7.1,
      'ranking on this thread and one worker (BallotRankingPool); same sample as one thread',
      undefined,
      0.7,
    );
    const without = await twoThreads(100_000, false, seed);
    record('sample_100k_without_replacement_from_1M_2_threads', without, 4.5);
    const typical = await twoThreads(1000, true, '7');
    record('sample_1000_from_1M_round1_2_threads', typical, 3.4);
  } finally {
    await pool.close();
  }
}

await benchSampling();
report();

/** Prints the JSON report of every row measured. */
function report(): void {
  // Sampling rows first in the output.
  const ordered = Object.fromEntries([
    ...Object.entries(results).filter(([name]) => name.startsWith('sample_')),
    ...Object.entries(results).filter(([name]) => !name.startsWith('sample_')),
  ]);

  const [load1] = loadavg();
  console.log(
    JSON.stringify(
      {
        node: process.version,
        hash: "core's SHA-256 kernel (seed-block midstate, typed arrays)",
        cpus: cpus().length,
        loadAverage1m: round(load1 ?? 0, 3),
        slowerThanReference: Object.entries(results)
          .filter(([, r]) => r.speedup !== null && r.speedup < 1)
          .map(([name]) => name),
        slowerThanReferenceByCpu: Object.entries(results)
          .filter(([, r]) => typeof r.cpuSpeedup === 'number' && r.cpuSpeedup < 1)
          .map(([name]) => name),
        results: ordered,
      },
      null,
      2,
    ),
  );
}
