// bench/ingest: a national-scale synthetic OpenElections file (175,000 precincts, 3,000 counties,
// about 20 million rows, fixed seed), imported end to end by Canvass (parse, validate, store), and
// the same CSV loaded by the sqlite3 shell's `.import` into a bare table: the floor for "just
// storing it". Prints one JSON object. Usage: node --import tsx bench/ingest/run.ts [--precincts N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateNationalFile, NATIONAL } from './generate.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = `${root}bench/out`;
mkdirSync(outDir, { recursive: true });

const precinctArg = process.argv.indexOf('--precincts');
const precincts = precinctArg > 0 ? Number(process.argv[precinctArg + 1]) : NATIONAL.precincts;
const spec = {
  ...NATIONAL,
  precincts,
  counties: Math.min(NATIONAL.counties, Math.max(1, Math.round(precincts / 58))),
};
const csv = `${outDir}/national-${spec.seed}-${spec.precincts}.csv`;

let generateSeconds: number | null = null;
let rows: number;
if (existsSync(csv)) {
  rows = Number(execFileSync('wc', ['-l', csv]).toString().trim().split(/\s+/)[0]) - 1;
} else {
  const started = performance.now();
  rows = await generateNationalFile(csv, spec);
  generateSeconds = (performance.now() - started) / 1000;
}
const bytes = statSync(csv).size;

function fresh(path: string): string {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  return path;
}

const ourDb = fresh(`${outDir}/ingest-canvass.db`);
const child = spawnSync(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./run-import.ts', import.meta.url)), csv, ourDb],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  },
);
if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
const ours = JSON.parse(child.stdout) as {
  status: string;
  seconds: number;
  peakRssMB: number;
  rows: number | null;
  counts: number | null;
};

const baselineDb = fresh(`${outDir}/ingest-sqlite3.db`);
const baselineStarted = performance.now();
execFileSync('sqlite3', [baselineDb], {
  input: `.mode csv\n.import ${csv} results\nselect count(*) from results;\n`,
  stdio: ['pipe', 'pipe', 'inherit'],
});
const baselineSeconds = (performance.now() - baselineStarted) / 1000;

process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'ingest',
      file: {
        rows,
        bytes,
        precincts: spec.precincts,
        counties: spec.counties,
        seed: spec.seed,
        generateSeconds,
      },
      canvass: {
        status: ours.status,
        seconds: round(ours.seconds),
        rowsPerSecond: Math.round(rows / ours.seconds),
        counts: ours.counts,
        peakRssMB: ours.peakRssMB,
        goals: { rowsPerSecond: 500_000, peakRssMB: 1536 },
      },
      sqlite3Import: {
        seconds: round(baselineSeconds),
        rowsPerSecond: Math.round(rows / baselineSeconds),
      },
      ratioToSqlite3Import: round(ours.seconds / baselineSeconds),
    },
    null,
    2,
  )}\n`,
);
for (const db of [ourDb, baselineDb]) fresh(db);

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
