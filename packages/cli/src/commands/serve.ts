import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { pino } from 'pino';
import { startServer, type RunningServer } from '@canvass/server';
import { DEFAULT_DB, openConfiguredStore, type SetExit } from './shared.ts';

/** Where the built results page is, if it has been built. */
export const WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Options shared by `serve` and `demo`. */
export interface ServeOptions {
  readonly db: string;
  readonly port: number;
  readonly host: string;
  readonly adminToken: string | null;
}

/**
 * Opens the store and starts the server; the caller closes it.
 */
export async function serve(
  options: ServeOptions,
): Promise<RunningServer & { closeAll: () => Promise<void> }> {
  const store = await openConfiguredStore(options.db);
  const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'warn' });
  const running = await startServer({
    store,
    logger,
    port: options.port,
    host: options.host,
    adminToken: options.adminToken,
    webRoot: existsSync(WEB_ROOT) ? WEB_ROOT : null,
  });
  return {
    ...running,
    closeAll: async () => {
      await running.close();
      await store.close();
    },
  };
}

/** Resolves when the process is asked to stop (Ctrl-C or SIGTERM). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `canvass serve`: the API, the event stream and the results page on the embedded store. */
export function registerServe(program: Command, _setExit: SetExit): void {
  program
    .command('serve')
    .description('serve the results API, live event stream and results page')
    .option(
      '--db <path>',
      'SQLite database file (ignored when DATABASE_URL names PostgreSQL)',
      DEFAULT_DB,
    )
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--admin-token <token>',
      'bearer token for submissions (default: $CANVASS_ADMIN_TOKEN; none disables writes)',
    )
    .action(async (options: { db: string; port: string; host: string; adminToken?: string }) => {
      const running = await serve({
        db: options.db,
        port: Number(options.port),
        host: options.host,
        adminToken: options.adminToken ?? process.env['CANVASS_ADMIN_TOKEN'] ?? null,
      });
      process.stdout.write(`Canvass is serving ${running.url}  (Ctrl-C stops)\n`);
      await untilSignal();
      await running.closeAll();
      process.stdout.write('Stopped.\n');
    });
}
