import { once } from 'node:events';
import type { Command } from 'commander';
import {
  exportNist,
  exportOpenElections,
  NIST_RESULTS_STATUSES,
  type NistResultsStatus,
} from '@canvass/core';
import { loadTally } from '@canvass/server';
import { nistXml } from '@canvass/core';
import { chooseElection, DEFAULT_DB, withStore, type SetExit } from './shared.ts';

/** The formats `canvass export` writes. */
export const EXPORT_FORMATS = ['nist-json', 'nist-xml', 'openelections'] as const;

/** The options of `canvass export`. */
export interface ExportCommandOptions {
  format: string;
  election?: string;
  db: string;
  status?: string;
}

/** `canvass export`: an election's current results, in an interchange format, to standard output. */
export function registerExport(program: Command, setExit: SetExit): void {
  program
    .command('export')
    .description(
      "write an election's current results to standard output as NIST SP 1500-100 JSON or XML, or an OpenElections CSV",
    )
    .requiredOption('--format <format>', EXPORT_FORMATS.join(' | '))
    .option('--election <id>', 'election id (default: the most recent)')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option(
      '--status <status>',
      `NIST report status: ${NIST_RESULTS_STATUSES.join(' | ')} (default: unofficial, complete when every unit has reported)`,
    )
    .action(async (options: ExportCommandOptions) => {
      setExit(
        await runExport(options, {
          out: writeStdout,
          err: (text) => {
            process.stderr.write(text);
          },
        }),
      );
    });
}

/** Where `canvass export` writes: the document, and notes or errors. */
export interface ExportOutput {
  readonly out: (text: string) => Promise<void>;
  readonly err: (text: string) => void;
}

/**
 * Writes an election's results in an interchange format and returns the exit code: 0 written,
 * 1 no such election, 2 bad options.
 * @example await runExport({ format: 'nist-json', db: 'canvass.db' }, output)
 */
export async function runExport(
  options: ExportCommandOptions,
  output: ExportOutput,
): Promise<number> {
  const format = options.format;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    output.err(`--format takes ${EXPORT_FORMATS.join(', ')}\n`);
    return 2;
  }
  const status = options.status;
  if (status !== undefined && !(NIST_RESULTS_STATUSES as readonly string[]).includes(status)) {
    output.err(`--status takes ${NIST_RESULTS_STATUSES.join(', ')}\n`);
    return 2;
  }
  return withStore(options.db, async (store) => {
    const electionId = await chooseElection(store, options.election);
    const loaded = electionId === null ? null : await loadTally(store, electionId);
    if (loaded === null) {
      output.err(electionId === null ? 'No elections yet.\n' : `No election ${electionId}.\n`);
      return 1;
    }
    if (format === 'openelections') {
      for (const block of exportOpenElections(loaded.tally)) await output.out(block);
      return 0;
    }
    const { report, omittedCounts } = exportNist(loaded.tally, {
      generatedAt: new Date(),
      ...(status === undefined ? {} : { status: status as NistResultsStatus }),
    });
    if (omittedCounts > 0)
      output.err(
        `note: ${omittedCounts} counts NIST SP 1500-100 has no place for (blank votes, over/undervotes by vote type) are not in the report\n`,
      );
    if (format === 'nist-json') await output.out(`${JSON.stringify(report)}\n`);
    else for (const block of nistXml(report)) await output.out(block);
    return 0;
  });
}

/** Writes to standard output, waiting when the pipe is full. */
async function writeStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}
