import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { REPLAY_ORDERS, resultsDocument, type ReplayOrder } from '@canvass/core';
import { renderResults } from '../render/results-table.ts';
import { runReplay } from '../replay/run-replay.ts';
import { projectionSetups, serve, untilSignal } from './serve.ts';
import type { SetExit } from './shared.ts';

/** The Alabama 2017 U.S. Senate special election precinct file shipped in data/. */
export const DEMO_FILE = fileURLToPath(
  new URL('../../../../data/20171212__al__special__general__precinct.csv', import.meta.url),
);

/** The 2016 general election precinct file: the baseline of the demo's projection. */
export const DEMO_BASELINE_FILE = fileURLToPath(
  new URL('../../../../data/20161108__al__general__precinct.csv', import.meta.url),
);

const DEMO_DB = 'canvass-demo.db';

interface DemoOptions {
  db?: string;
  port: string;
  speed: string;
  order: string;
  seed: string;
  once?: true;
  quiet?: true;
}

/**
 * `canvass demo`: serves the results page on a fresh embedded store and replays the Alabama 2017
 * election night into it (about two minutes), prints the official-style result, then keeps serving.
 */
export function registerDemo(program: Command, setExit: SetExit): void {
  program
    .command('demo')
    .description(
      'replay the Alabama 2017 U.S. Senate special election night on a live results page',
    )
    .option('--db <path>', `SQLite database file (default: a fresh ${DEMO_DB})`)
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--speed <x>', 'simulated seconds per real second (0 = as fast as possible)', '120')
    .option('--order <order>', REPLAY_ORDERS.join(' | '), 'big-cities-last')
    .option('--seed <n>', 'seed for the order and timing', '12')
    .option('--once', 'exit after the replay instead of serving until Ctrl-C')
    .option('--quiet', 'do not print each batch')
    .action(async (options: DemoOptions) => {
      if (!REPLAY_ORDERS.includes(options.order as ReplayOrder)) {
        process.stderr.write(`--order takes ${REPLAY_ORDERS.join(', ')}\n`);
        setExit(2);
        return;
      }
      const db = options.db ?? DEMO_DB;
      if (options.db === undefined)
        for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
      const token = randomBytes(24).toString('base64url');
      const running = await serve({
        db,
        port: await freePort(Number(options.port)),
        host: '127.0.0.1',
        adminToken: token,
        // The results page shows the Senate projection and call against the 2016 President race.
        projections: await projectionSetups({
          projectionBaseline: DEMO_BASELINE_FILE,
          projectionContest: 'UNITED STATES SENATOR=President',
          projectionPair: 'DEM,REP',
        }),
      });
      const stop = untilSignal();
      process.stdout.write(
        `Canvass demo: open ${running.url}/ to watch Alabama's 12 December 2017 election night.\n`,
      );
      // Race calls are printed as they happen, even with --quiet: they are the night's news.
      running.projections.subscribe((call) => {
        const { event } = call;
        process.stdout.write(
          `Call (${event.type}) for ${event.winner} at update ${call.version}, ${event.inputs.precinctsReported} of ${event.inputs.precincts} precincts: ${event.reason}\n`,
        );
      });
      const speed = Number(options.speed);
      const summary = await runReplay({
        file: DEMO_FILE,
        server: running.url,
        token,
        order: options.order as ReplayOrder,
        seed: Number(options.seed),
        speed: speed <= 0 ? Number.POSITIVE_INFINITY : speed,
        log: (line) => {
          if (options.quiet !== true) process.stdout.write(`${line}\n`);
        },
      });
      const election = running.live.election(summary.electionId);
      if (election !== undefined)
        process.stdout.write(
          `\n${renderResults(resultsDocument(election.tally, election.definitionHash))}`,
        );
      if (options.once !== true) {
        process.stdout.write(`\nAll counties in. Still serving ${running.url}/ (Ctrl-C stops).\n`);
        await stop;
      }
      await running.closeAll();
    });
}

/** The requested port when it is free, else one the system picks. */
async function freePort(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      resolve(0);
    });
    probe.listen(preferred, '127.0.0.1', () => {
      probe.close(() => {
        resolve(preferred);
      });
    });
  });
}
