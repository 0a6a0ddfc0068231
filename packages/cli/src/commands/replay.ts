import type { Command } from 'commander';
import { REPLAY_ORDERS, type ReplayOrder } from '@canvass/core';
import { runReplay } from '../replay/run-replay.ts';
import type { SetExit } from './shared.ts';

interface ReplayCommandOptions {
  server: string;
  token?: string;
  order: string;
  seed: string;
  speed: string;
  election?: string;
}

/** `canvass replay FILE --server URL`: turns a final precinct file into an election night. */
export function registerReplay(program: Command, setExit: SetExit): void {
  program
    .command('replay')
    .description('replay a final precinct file as an election night of county submissions')
    .argument('<file>', 'OpenElections precinct CSV with the final results')
    .requiredOption('--server <url>', 'a running canvass server, e.g. http://127.0.0.1:8080')
    .option('--token <token>', 'admin token (default: $CANVASS_ADMIN_TOKEN)')
    .option('--order <order>', REPLAY_ORDERS.join(' | '), 'random')
    .option('--seed <n>', 'seed for the order and timing', '1')
    .option('--speed <x>', 'simulated seconds per real second (0 = as fast as possible)', '120')
    .option('--election <id>', 'election id (default: from the file name)')
    .action(async (file: string, options: ReplayCommandOptions) => {
      const token = options.token ?? process.env['CANVASS_ADMIN_TOKEN'];
      if (!REPLAY_ORDERS.includes(options.order as ReplayOrder) || token === undefined) {
        process.stderr.write(
          token === undefined
            ? 'an admin token is required (--token)\n'
            : `--order takes ${REPLAY_ORDERS.join(', ')}\n`,
        );
        setExit(2);
        return;
      }
      const speed = Number(options.speed);
      const summary = await runReplay({
        file,
        server: options.server.replace(/\/$/, ''),
        token,
        order: options.order as ReplayOrder,
        seed: Number(options.seed),
        speed: speed <= 0 ? Number.POSITIVE_INFINITY : speed,
        electionId: options.election ?? null,
        log: (line) => process.stdout.write(`${line}\n`),
      });
      process.stdout.write(
        `Replayed ${summary.batches} batches (${summary.accepted} accepted, ${summary.duplicates} unchanged); version ${summary.finalVersion ?? '-'}.\n`,
      );
    });
}
