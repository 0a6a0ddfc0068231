import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatLocated, SUBMISSION_FORMATS, type SubmissionFormat } from '@canvass/core';
import { importRecount, listRecounts, compareStoredRecount } from '@canvass/server';
import { DEFAULT_DB, withStore, type SetExit } from '../commands/shared.ts';
import { renderRecountComparison } from './render-recount-comparison.ts';

const SHOWN_ERRORS = 50;

interface ImportOptions {
  election: string;
  contest: string;
  format?: string;
  db: string;
  submittedBy: string;
}

interface CompareOptions {
  election: string;
  recount?: string;
  contest?: string;
  db: string;
  json?: true;
}

/** `canvass recount import FILE`: records a recount of one contest beside the original count. */
export function registerRecountImport(recount: Command, setExit: SetExit): void {
  recount
    .command('import')
    .description(
      'record a results file (any supported format) as the recount of one contest; the original count is kept',
    )
    .argument('<file>', 'the recount results file')
    .requiredOption('--election <id>', 'the election')
    .requiredOption('--contest <id>', 'the contest recounted')
    .option('--format <format>', `${SUBMISSION_FORMATS.join(' | ')} (default: from the content)`)
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--submitted-by <name>', 'who records the recount', 'cli')
    .action(async (file: string, options: ImportOptions) => {
      const format = options.format ?? null;
      if (format !== null && !(SUBMISSION_FORMATS as readonly string[]).includes(format)) {
        process.stderr.write(`--format takes ${SUBMISSION_FORMATS.join(', ')}\n`);
        setExit(2);
        return;
      }
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        process.stderr.write(
          `${file}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        setExit(1);
        return;
      }
      await withStore(options.db, async (store) => {
        const outcome = await importRecount({
          store,
          electionId: options.election,
          contestId: options.contest,
          bytes,
          sourceName: basename(file),
          format: format as SubmissionFormat | null,
          submittedBy: options.submittedBy,
        });
        if (outcome.status === 'rejected') {
          for (const error of outcome.errors.slice(0, SHOWN_ERRORS))
            process.stderr.write(`${formatLocated(error)}\n`);
          process.stderr.write(
            `Rejected: ${String(outcome.errorCount)} error(s); nothing was stored.\n`,
          );
          setExit(1);
          return;
        }
        const recorded = outcome.status === 'recorded' ? outcome.recount : outcome.existing;
        process.stdout.write(
          outcome.status === 'recorded'
            ? `Recorded recount ${String(recorded.id)} of ${recorded.contestId}: ${String(recorded.units)} units (ledger record ${String(outcome.ledger.sequence)}). Compare: canvass recount compare --election ${recorded.electionId} --recount ${String(recorded.id)}\n`
            : `Already recorded as recount ${String(recorded.id)} (same file); nothing stored.\n`,
        );
      });
    });
}

/** `canvass recount compare`: a recorded recount against the original count. */
export function registerRecountCompare(recount: Command, setExit: SetExit): void {
  recount
    .command('compare')
    .description('compare a recorded recount with the original count, per precinct and county')
    .requiredOption('--election <id>', 'the election')
    .option('--recount <n>', 'the recount (default: the latest, of --contest if given)')
    .option('--contest <id>', 'with no --recount: the latest recount of this contest')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--json', 'print JSON')
    .action(async (options: CompareOptions) => {
      await withStore(options.db, async (store) => {
        let id = options.recount === undefined ? null : Number(options.recount);
        if (id !== null && (!Number.isSafeInteger(id) || id < 1)) {
          process.stderr.write(
            `--recount takes a recount number, not ${String(options.recount)}\n`,
          );
          setExit(2);
          return;
        }
        if (id === null) {
          const recounts = await listRecounts(store, options.election, options.contest);
          id = recounts.at(-1)?.id ?? null;
        }
        const compared =
          id === null ? null : await compareStoredRecount(store, options.election, id);
        if (compared === null || !compared.ok) {
          process.stderr.write(
            compared === null
              ? `No recount recorded for ${options.election}${options.contest === undefined ? '' : ` contest ${options.contest}`}.\n`
              : `${compared.message}\n`,
          );
          setExit(1);
          return;
        }
        process.stdout.write(
          options.json === true
            ? `${JSON.stringify({ recount: compared.recount, comparison: compared.comparison }, null, 2)}\n`
            : renderRecountComparison(compared.recount, compared.comparison),
        );
      });
    });
}
