import type { Command } from 'commander';
import {
  importFile,
  type ImportOutcome,
  type ImportPolicy,
  type KyselyStore,
} from '@canvass/server';
import { formatLocated, SUBMISSION_FORMATS, type SubmissionFormat } from '@canvass/core';
import { createProgress } from '../render/progress.ts';
import { DEFAULT_DB, withStore, type SetExit } from './shared.ts';

const SHOWN_ERRORS = 50;

/** `canvass import FILE`: one file becomes one submission, accepted whole or rejected whole. */
export function registerImport(program: Command, setExit: SetExit): void {
  program
    .command('import')
    .description(
      'import a results file (OpenElections precinct CSV, NIST SP 1500-100 JSON or XML, Clarity detail.xml) as one submission',
    )
    .argument('<file>', 'the results file')
    .option(
      '--election <id>',
      'election id (default: from an OpenElections file name, or the one a NIST or Clarity file names)',
    )
    .option(
      '--format <format>',
      `${SUBMISSION_FORMATS.join(' | ')} (default: told from the file's content)`,
    )
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--on-duplicate <mode>', 'a repeated row key: error | sum | first', 'error')
    .option(
      '--on-county-total <mode>',
      'county-total rows in a precinct file: error | skip',
      'error',
    )
    .option('--submitted-by <name>', 'who is submitting', 'cli')
    .action(async (file: string, options: ImportCommandOptions) => {
      const policy = parsePolicy(options);
      const format = options.format ?? null;
      if (format !== null && !(SUBMISSION_FORMATS as readonly string[]).includes(format)) {
        process.stderr.write(`--format takes ${SUBMISSION_FORMATS.join(', ')}\n`);
        setExit(2);
        return;
      }
      if (policy === null) {
        process.stderr.write(
          '--on-duplicate takes error|sum|first and --on-county-total takes error|skip\n',
        );
        setExit(2);
        return;
      }
      await withStore(options.db, async (store) => {
        const outcome = await runImport(
          store,
          file,
          { ...options, format: format as SubmissionFormat | null },
          policy,
        );
        setExit(reportImport(outcome));
      });
    });
}

interface ImportCommandOptions {
  election?: string;
  format?: string;
  db: string;
  onDuplicate: string;
  onCountyTotal: string;
  submittedBy: string;
}

function parsePolicy(options: ImportCommandOptions): ImportPolicy | null {
  const { onDuplicate, onCountyTotal } = options;
  if (onDuplicate !== 'error' && onDuplicate !== 'sum' && onDuplicate !== 'first') return null;
  if (onCountyTotal !== 'error' && onCountyTotal !== 'skip') return null;
  return { onDuplicate, onCountyTotal };
}

/** Imports with a progress bar on a terminal. */
export async function runImport(
  store: KyselyStore,
  file: string,
  options: { election?: string; submittedBy: string; format?: SubmissionFormat | null },
  policy: ImportPolicy,
): Promise<ImportOutcome> {
  const progress = createProgress(process.stderr);
  try {
    return await importFile({
      store,
      path: file,
      electionId: options.election ?? null,
      submittedBy: options.submittedBy,
      policy,
      format: options.format ?? null,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
}

/** Prints what happened and returns the exit code: 0 accepted or already there, 1 rejected. */
export function reportImport(outcome: ImportOutcome): number {
  switch (outcome.status) {
    case 'accepted': {
      const { submission, election } = outcome;
      process.stdout.write(
        `Accepted ${submission.sourceName} into ${election.id} as submission #${submission.id}: ` +
          `${submission.rows.toLocaleString('en-US')} rows, ${submission.counts.toLocaleString('en-US')} counts ` +
          `(sha256 ${submission.sourceSha256.slice(0, 12)}). Election version ${election.version}.\n`,
      );
      for (const warning of submission.warnings.slice(0, SHOWN_ERRORS))
        process.stdout.write(`  warning: ${formatLocated(warning)}\n`);
      if (submission.warnings.length > SHOWN_ERRORS)
        process.stdout.write(
          `  ... and ${submission.warnings.length - SHOWN_ERRORS} more warnings\n`,
        );
      return 0;
    }
    case 'duplicate':
      process.stdout.write(
        `Already imported: ${outcome.existing.sourceName} is submission #${outcome.existing.id} of ${outcome.electionId} ` +
          `(same SHA-256). Nothing changed.\n`,
      );
      return 0;
    case 'rejected':
      process.stderr.write(
        `Rejected: ${outcome.errorCount} error${outcome.errorCount === 1 ? '' : 's'}; nothing was stored.\n`,
      );
      for (const error of outcome.errors.slice(0, SHOWN_ERRORS))
        process.stderr.write(`  ${formatLocated(error)}\n`);
      if (outcome.errorCount > SHOWN_ERRORS)
        process.stderr.write(`  ... and ${outcome.errorCount - SHOWN_ERRORS} more\n`);
      return 1;
  }
}
