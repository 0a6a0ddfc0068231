import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/canvass.js', import.meta.url));

/** Starts `canvass serve --port 0` with extra environment; resolves with its URL once it serves. */
export async function startServeNode(options: {
  readonly env: Readonly<Record<string, string>>;
  readonly args: readonly string[];
}): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...options.args], {
    env: { ...process.env, LOG_LEVEL: 'error', ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const match = /serving (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => {
      reject(new Error(`canvass serve exited ${String(code)}`));
    });
  });
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      resolve();
    }),
  );
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
