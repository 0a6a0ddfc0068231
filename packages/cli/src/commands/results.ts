import type { Command } from 'commander';
import { resultsDocument } from '@canvass/core';
import { loadTally } from '@canvass/server';
import { renderResults } from '../render/results-table.ts';
import { chooseElection, DEFAULT_DB, withStore, type SetExit } from './shared.ts';

interface ResultsCommandOptions {
  election?: string;
  contest?: string;
  by?: string;
  county?: string;
  db: string;
  json?: true;
}

/** `canvass results`: the current results of an election, as a table or as JSON. */
export function registerResults(program: Command, setExit: SetExit): void {
  program
    .command('results')
    .description('show the current results of an election')
    .option('--election <id>', 'election id (default: the most recent)')
    .option('--contest <name>', 'only contests with this id or name (or whose name contains it)')
    .option('--by <level>', 'break down by county or precinct')
    .option('--county <name>', 'with --by precinct: one county only')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--json', 'print the JSON results document (see docs/results-json.md)')
    .action(async (options: ResultsCommandOptions) => {
      if (options.by !== undefined && options.by !== 'county' && options.by !== 'precinct') {
        process.stderr.write('--by takes county or precinct\n');
        setExit(2);
        return;
      }
      await withStore(options.db, async (store) => {
        const electionId = await chooseElection(store, options.election);
        const loaded = electionId === null ? null : await loadTally(store, electionId);
        if (loaded === null) {
          process.stderr.write(
            electionId === null
              ? 'No elections yet. Import one with `canvass import FILE`.\n'
              : `No election ${electionId}.\n`,
          );
          setExit(1);
          return;
        }
        const document = resultsDocument(loaded.tally, loaded.definitionHash, {
          contest: options.contest ?? null,
          by: (options.by as 'county' | 'precinct' | undefined) ?? null,
          county: options.county ?? null,
        });
        if (document.contests.length === 0) {
          process.stderr.write(`No contest matches ${JSON.stringify(options.contest)}.\n`);
          setExit(1);
        }
        process.stdout.write(
          options.json === true
            ? `${JSON.stringify(document, null, 2)}\n`
            : renderResults(document),
        );
      });
    });
}
