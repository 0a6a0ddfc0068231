import type { Command } from 'commander';
import { DEFAULT_DB, withStore, type SetExit } from './shared.ts';

/** `canvass elections`: lists the elections in the store. */
export function registerElections(program: Command, _setExit: SetExit): void {
  program
    .command('elections')
    .description('list the elections in the store')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--json', 'print JSON')
    .action(async (options: { db: string; json?: true }) => {
      await withStore(options.db, async (store) => {
        const elections = await store.listElections();
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify(elections, null, 2)}\n`);
          return;
        }
        if (elections.length === 0) {
          process.stdout.write('No elections yet. Import one with `canvass import FILE`.\n');
          return;
        }
        for (const election of elections) {
          process.stdout.write(
            `${election.id}  ${election.date}  ${election.name}  (version ${election.version})\n`,
          );
        }
      });
    });
}
