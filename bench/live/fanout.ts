// bench/live/fanout: 10,000 concurrent event-stream clients on one `canvass serve`; one county
// submission; time from the POST's response to the event arriving at every client (p50, p99),
// and the server's memory per idle client. Prints one JSON object.
// Usage: node --import tsx bench/live/fanout.ts [--clients N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElection, readFinalFile, unitsToCsv } from '@canvass/cli';
import { percentile, startServe } from './serve-child.ts';

const clientsArg = process.argv.indexOf('--clients');
const clients = clientsArg > 0 ? Number(process.argv[clientsArg + 1]) : 10_000;
const dir = mkdtempSync(join(tmpdir(), 'canvass-fanout-'));
const token = 'bench-token';
const file = await readFinalFile(
  fileURLToPath(
    new URL('../../data/20171212__al__special__general__precinct.csv', import.meta.url),
  ),
);
const lastCounty = file.units.at(-1)?.county ?? '';
const allButLast = file.units.filter((unit) => unit.county !== lastCounty).map((unit) => unit.key);
const lastOnly = file.units.filter((unit) => unit.county === lastCounty).map((unit) => unit.key);
const firstPart = join(dir, file.sourceName);
writeFileSync(firstPart, unitsToCsv(file, allButLast));

const server = await startServe(join(dir, 'fanout.db'), token);
const electionUrl = `${server.url}/api/elections/2017-12-12-al-special-general`;
try {
  await ensureElection({ server: server.url, token }, file, '2017-12-12-al-special-general');
  const load = await fetch(`${electionUrl}/submissions?filename=${file.sourceName}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: unitsToCsv(file, allButLast),
  });
  if (load.status !== 201)
    throw new Error(`loading the state failed: ${load.status} ${await load.text()}`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssBefore = await server.rss();

  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./sse-clients.ts', import.meta.url)),
      `${electionUrl}/events`,
      String(clients),
      '20000',
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('ready\n')) resolve();
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssConnected = await server.rss();
  child.stdin.write('go\n');

  const posted = await fetch(
    `${electionUrl}/submissions?filename=${encodeURIComponent(lastCounty)}.csv`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: unitsToCsv(file, lastOnly),
    },
  );
  const respondedAt = performance.timeOrigin + performance.now();
  if (posted.status !== 201) throw new Error(`county submission failed: ${posted.status}`);
  // The arrival times come as one JSON line, larger than a pipe chunk: read it once the child exits.
  await new Promise((resolve) => child.on('close', resolve));
  const line = out.split('\n').find((text) => text.startsWith('{'));
  if (line === undefined) throw new Error('the client process printed no result');
  const result = JSON.parse(line) as { arrivals: number[]; failed: number };
  const latencies = result.arrivals.map((at) => at - respondedAt).sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'fanout',
        clients,
        connectFailures: result.failed,
        received: latencies.length,
        latencyMs: {
          p50: round(percentile(latencies, 50)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies.at(-1) ?? Number.NaN),
          goalP99: 250,
        },
        memory: {
          serverRssBeforeMB: round(rssBefore / 1e6),
          serverRssWithClientsMB: round(rssConnected / 1e6),
          perIdleClientKB: round((rssConnected - rssBefore) / clients / 1024),
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
