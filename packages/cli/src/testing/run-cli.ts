import { main } from '../main.ts';

/** What one in-process run of the CLI printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `canvass ARGS` in this process and captures what it writes, so CLI tests need no child
 * process. Runs must not overlap (they swap the process's write functions).
 * @example const { code, stdout } = await runCli(['recount', 'check', '--help']);
 */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  // The CLI writes strings. When node:test runs a file in a child process, its reporter sends
  // serialized events down the same stdout as binary chunks: those pass through untouched, or
  // the runner would lose the results of tests that finished while a run was being captured.
  const capture =
    (into: string[], write: typeof process.stdout.write) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      if (typeof chunk !== 'string')
        return (write as (chunk: Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest);
      into.push(chunk);
      return true;
    };
  process.stdout.write = capture(out, stdoutWrite);
  process.stderr.write = capture(err, stderrWrite);
  try {
    const code = await main(['node', 'canvass', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}
