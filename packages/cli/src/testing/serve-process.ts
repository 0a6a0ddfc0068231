import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/canvass.js', import.meta.url));

/** A `canvass serve` child process. */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Ends it with SIGTERM (or the signal given) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `canvass serve --port <port>` (0 for any) with extra environment, resolving once it prints
 * its URL.
 * @example const node = await startServeProcess({ env: { DATABASE_URL: url }, port: 0 });
 */
export async function startServeProcess(options: {
  readonly env: Readonly<Record<string, string>>;
  readonly port?: number;
  readonly args?: readonly string[];
}): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', String(options.port ?? 0), ...(options.args ?? [])],
    {
      env: { ...process.env, LOG_LEVEL: 'error', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (errors += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const match = /serving (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code, signal) => {
      reject(new Error(`canvass serve exited (${code ?? signal ?? '?'}): ${errors.slice(-2000)}`));
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
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** One `results` event as the stream delivered it. */
export interface StreamedEvent {
  readonly id: number;
  readonly receivedAt: number;
  readonly data: {
    readonly electionId: string;
    readonly version: number;
    readonly submissionId: number | null;
  };
}

/** A live event-stream connection that records every `results` event. */
export interface EventStreamClient {
  readonly events: StreamedEvent[];
  /** Resolves when an event with at least this version has arrived. */
  waitFor(version: number, timeoutMs: number): Promise<StreamedEvent>;
  close(): void;
}

/**
 * Opens `/api/elections/:id/events` (with `Last-Event-ID` when given) and parses its frames.
 * @example const stream = await openEventStream(url, 'e', null);
 */
export function openEventStream(
  base: string,
  electionId: string,
  lastEventId: number | null,
): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const events: StreamedEvent[] = [];
    const waiters = new Set<() => void>();
    const req = request(
      `${base}/api/elections/${encodeURIComponent(electionId)}/events`,
      { headers: lastEventId === null ? {} : { 'last-event-id': String(lastEventId) } },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`event stream answered ${response.statusCode}`));
          response.resume();
          return;
        }
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            const id = /^id: (\d+)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!/^event: results$/m.test(block) || id === undefined || data === undefined)
              continue;
            events.push({
              id: Number(id),
              receivedAt: Date.now(),
              data: JSON.parse(data) as StreamedEvent['data'],
            });
            for (const wake of waiters) wake();
          }
        });
        resolve({
          events,
          waitFor: (version, timeoutMs) =>
            new Promise((done, fail) => {
              const check = (): boolean => {
                const found = events.find((event) => event.data.version >= version);
                if (found === undefined) return false;
                waiters.delete(wake);
                clearTimeout(timer);
                done(found);
                return true;
              };
              const wake = (): void => {
                check();
              };
              const timer = setTimeout(() => {
                waiters.delete(wake);
                fail(
                  new Error(
                    `no version ${version} within ${timeoutMs} ms (have ${events.map((event) => event.data.version).join(',')})`,
                  ),
                );
              }, timeoutMs);
              waiters.add(wake);
              check();
            }),
          close: () => {
            req.destroy();
          },
        });
      },
    );
    req.on('error', (error) => {
      if (events.length === 0) reject(error);
    });
    req.end();
  });
}
