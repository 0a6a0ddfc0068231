// Runs every benchmark in turn, each in its own process so that one's memory and timers do not
// disturb the next, and prints one JSON object: { "<name>": <that bench's JSON> | { error } }.
// Usage: node --import tsx bench/run-all.ts [NAME ...]   (names: the keys of BENCHES)
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCHES: Readonly<Record<string, string>> = {
  ingest: 'ingest/run.ts',
  fanout: 'live/fanout.ts',
  reads: 'live/reads.ts',
  integrity: 'integrity/concurrent.ts',
  formats: 'formats/run.ts',
  partner: 'partner/run.ts',
  recount: 'recount/run.ts',
  audit: 'audit/run.ts',
  projection: 'projection/run.ts',
};

const root = fileURLToPath(new URL('..', import.meta.url));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}\n`,
  );
  process.exit(2);
}

const results: Record<string, unknown> = {};
for (const [name, script] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`bench ${name}…\n`);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  results[name] =
    child.status === 0
      ? parseLastJson(child.stdout)
      : { error: `exited with ${String(child.status ?? child.signal)}` };
}
process.stdout.write(`${JSON.stringify({ loadAverage1m: loadavg()[0], results }, null, 2)}\n`);

/** A bench prints one JSON value, possibly after progress lines. */
function parseLastJson(stdout: string): unknown {
  const start = stdout.search(/^[[{]/m);
  if (start < 0) return { error: 'printed no JSON' };
  try {
    return JSON.parse(stdout.slice(start)) as unknown;
  } catch {
    return { error: 'printed invalid JSON' };
  }
}
