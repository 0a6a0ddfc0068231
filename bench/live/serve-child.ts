import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/canvass.js', import.meta.url));

/** A `canvass serve` child process and its URL. */
export interface ServeChild {
  readonly url: string;
  readonly process: ChildProcess;
  /** Resident memory of the server process, in bytes (from /proc). */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

/** Runs a canvass CLI command to completion and returns its stdout. */
export async function canvass(args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`canvass ${args.join(' ')} exited ${code}`);
  return out;
}

/** Starts `canvass serve` on a free port and waits until it prints its URL. */
export async function startServe(db: string, adminToken: string): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=4096',
      CLI,
      'serve',
      '--db',
      db,
      '--port',
      '0',
      '--admin-token',
      adminToken,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const match = /serving (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => {
      reject(new Error(`serve exited ${code}`));
    });
  });
  return {
    url,
    process: child,
    rss: async () => {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? '0') * 1024;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    },
  };
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    Number.NaN
  );
}
