import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { resultsDocument } from '@canvass/core';
import { loadTally } from '@canvass/server';
import { renderResults } from '../render/results-table.ts';
import { reportImport, runImport } from './import.ts';
import { DEFAULT_DB, withStore, type SetExit } from './shared.ts';

/** The Alabama 2017 U.S. Senate special election precinct file shipped in data/. */
export const DEMO_FILE = fileURLToPath(new URL('../../../../data/20171212__al__special__general__precinct.csv', import.meta.url));

/** `canvass demo`: loads the Alabama 2017 special election and prints the official-style result. */
export function registerDemo(program: Command, setExit: SetExit): void {
  program
    .command('demo')
    .description('load the Alabama 2017 U.S. Senate special election and show its results')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(async (options: { db: string }) => {
      await withStore(options.db, async (store) => {
        const outcome = await runImport(store, DEMO_FILE, { submittedBy: 'demo' }, { onDuplicate: 'error', onCountyTotal: 'error' });
        const code = reportImport(outcome);
        setExit(code);
        if (code !== 0) return;
        const loaded = await loadTally(store, outcome.electionId);
        if (loaded === null) throw new Error('the demo election was not stored');
        process.stdout.write(`\n${renderResults(resultsDocument(loaded.tally, loaded.definitionHash))}`);
      });
    });
}
