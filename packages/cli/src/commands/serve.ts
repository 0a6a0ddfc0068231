import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import {
  createLogger,
  startServer,
  type ProjectionSetup,
  type RunningServer,
} from '@canvass/server';
import { BacktestInputError, readPairFile } from '../backtest/read-pair-file.ts';
import { DEFAULT_DB, openConfiguredStore, type SetExit } from './shared.ts';

/** Where the built results page is, if it has been built. */
export const WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Options shared by `serve` and `demo`. */
export interface ServeOptions {
  readonly db: string;
  readonly port: number;
  readonly host: string;
  readonly adminToken: string | null;
  /** Contests to project and call (none when absent). */
  readonly projections?: readonly ProjectionSetup[];
  /** Behind a reverse proxy that sets X-Forwarded-Proto/-Host. */
  readonly trustProxy?: boolean;
}

/**
 * Opens the store and starts the server; the caller closes it.
 */
export async function serve(
  options: ServeOptions,
): Promise<RunningServer & { closeAll: () => Promise<void> }> {
  const store = await openConfiguredStore(options.db);
  const logger = createLogger({ level: process.env['LOG_LEVEL'] ?? 'warn' });
  const running = await startServer({
    store,
    logger,
    port: options.port,
    host: options.host,
    adminToken: options.adminToken,
    webRoot: existsSync(WEB_ROOT) ? WEB_ROOT : null,
    projections: options.projections ?? [],
    trustProxy: options.trustProxy ?? false,
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
export function registerServe(program: Command, setExit: SetExit): void {
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
    .option(
      '--trust-proxy',
      'behind a reverse proxy: believe X-Forwarded-Proto/-Host (Secure cookies over https; default $CANVASS_TRUST_PROXY=1)',
    )
    .option('--projection-baseline <file>', 'OpenElections precinct CSV of a baseline election')
    .option(
      '--projection-contest <contest=baseline>',
      'project this contest against this baseline contest, e.g. "UNITED STATES SENATOR=President"',
    )
    .option('--projection-pair <a,b>', 'the two parties of the projected margin', 'DEM,REP')
    .action(async (options: ServeCommandOptions) => {
      let projections: ProjectionSetup[];
      try {
        projections = await projectionSetups(options);
      } catch (error) {
        if (!(error instanceof BacktestInputError)) throw error;
        process.stderr.write(`${error.message}\n`);
        setExit(2);
        return;
      }
      const running = await serve({
        db: options.db,
        port: Number(options.port),
        host: options.host,
        adminToken: options.adminToken ?? process.env['CANVASS_ADMIN_TOKEN'] ?? null,
        projections,
        trustProxy: options.trustProxy === true || process.env['CANVASS_TRUST_PROXY'] === '1',
      });
      process.stdout.write(`Canvass is serving ${running.url}  (Ctrl-C stops)\n`);
      await untilSignal();
      await running.closeAll();
      process.stdout.write('Stopped.\n');
    });
}

interface ServeCommandOptions {
  db: string;
  port: string;
  host: string;
  adminToken?: string;
  trustProxy?: boolean;
  projectionBaseline?: string;
  projectionContest?: string;
  projectionPair: string;
}

/**
 * The projection setups asked for on the command line: none, or one contest against a baseline.
 * @example await projectionSetups({ projectionBaseline: '2016.csv', projectionContest: 'SENATE=President', ... })
 */
export async function projectionSetups(options: {
  readonly projectionBaseline?: string;
  readonly projectionContest?: string;
  readonly projectionPair: string;
}): Promise<ProjectionSetup[]> {
  if (options.projectionBaseline === undefined && options.projectionContest === undefined)
    return [];
  const [contest = '', baselineContest = ''] = (options.projectionContest ?? '').split('=');
  const [first = '', second = ''] = options.projectionPair.split(',').map((part) => part.trim());
  if (
    options.projectionBaseline === undefined ||
    contest.trim() === '' ||
    baselineContest.trim() === ''
  )
    throw new BacktestInputError(
      'projections need --projection-baseline FILE and --projection-contest "CONTEST=BASELINE CONTEST"',
    );
  if (first === '' || second === '' || first === second)
    throw new BacktestInputError('--projection-pair takes two different parties, e.g. DEM,REP');
  const pair: [string, string] = [first, second];
  const baseline = await readPairFile(options.projectionBaseline, baselineContest.trim(), pair);
  return [{ contest: contest.trim(), baseline, pair }];
}
