// bench/live/reads: wrk against GET /api/elections/:id/results on `canvass serve`, versus nginx
// serving the identical bytes as a static file on the same machine, with the same connections
// and duration. Prints one JSON object. Needs Debian's wrk and nginx.
// Usage: node --import tsx bench/live/reads.ts [--seconds N] [--connections N]
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canvass, startServe } from './serve-child.ts';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const seconds = arg('--seconds', 10);
const connections = arg('--connections', 64);
for (const tool of ['wrk', 'nginx']) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`]);
  } catch {
    throw new Error(`${tool} is not installed (Debian: apt-get install wrk nginx-light)`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'canvass-reads-'));
// nginx's workers run as an unprivileged user and must be able to read the static copy.
chmodSync(dir, 0o755);
const db = join(dir, 'reads.db');
await canvass([
  'import',
  fileURLToPath(
    new URL('../../data/20171212__al__special__general__precinct.csv', import.meta.url),
  ),
  '--db',
  db,
]);
const server = await startServe(db, 'bench-token');
const path = '/api/elections/2017-12-12-al-special-general/results';
const body = Buffer.from(await (await fetch(server.url + path)).arrayBuffer());
const www = join(dir, 'www');
mkdirSync(join(www, 'api/elections/2017-12-12-al-special-general'), { recursive: true });
writeFileSync(join(www, path), body);

const nginxPort = 18080 + Math.floor(Math.random() * 1000);
const conf = join(dir, 'nginx.conf');
writeFileSync(
  conf,
  `worker_processes auto;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents { worker_connections 4096; }\n` +
    `http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000; default_type application/json;\n` +
    `  server { listen 127.0.0.1:${nginxPort}; root ${www}; location / { etag on; } } }\n`,
);
const nginx = spawn('nginx', ['-c', conf, '-g', 'daemon off;'], { stdio: 'inherit' });
await new Promise((resolve) => setTimeout(resolve, 500));

function wrk(url: string): {
  requestsPerSecond: number;
  latencyP99Ms: number | null;
  non2xx: number;
} {
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], {
    encoding: 'utf8',
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 'NaN');
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const scale = { us: 0.001, ms: 1, s: 1000 } as const;
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? '0');
  return {
    requestsPerSecond: Math.round(rps),
    latencyP99Ms: p99 === null ? null : Number(p99[1]) * scale[p99[2] as keyof typeof scale],
    non2xx,
  };
}

try {
  wrk(server.url + path); // warm up the JIT and the cache
  const ours = wrk(server.url + path);
  const static_ = wrk(`http://127.0.0.1:${nginxPort}${path}`);
  if (ours.non2xx > 0 || static_.non2xx > 0)
    throw new Error(`error responses: canvass ${ours.non2xx}, nginx ${static_.non2xx}`);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'reads',
        bodyBytes: body.length,
        connections,
        seconds,
        canvass: ours,
        nginxStatic: static_,
        ratioToNginx:
          Math.round((ours.requestsPerSecond / static_.requestsPerSecond) * 1000) / 1000,
        goalRatio: 0.5,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  nginx.kill('SIGTERM');
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
