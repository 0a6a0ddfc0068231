import { createReadStream, createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { ArchiveError, restoreElectionArchive, writeElectionArchive } from '@canvass/server';
import { DEFAULT_DB, withStore, type SetExit } from './shared.ts';

/**
 * `canvass backup` and `canvass restore`: one election, exactly as stored, to and from an archive
 * file (gzip JSON lines). A restore reproduces the identical ledger and totals; an observer can
 * restore a downloaded archive into an empty database and run `canvass verify --public-key`.
 */
export function registerArchive(program: Command, setExit: SetExit): void {
  program
    .command('backup')
    .description(
      'write one election (ledger, submissions, kept sources, counts) to an archive file',
    )
    .requiredOption('--election <id>', 'the election')
    .requiredOption('--out <file>', 'archive file to write')
    .option(
      '--db <path>',
      'SQLite database file (ignored when DATABASE_URL names PostgreSQL)',
      DEFAULT_DB,
    )
    .action(async (options: { election: string; out: string; db: string }) => {
      await withStore(options.db, async (store) => {
        try {
          const counts = await writeElectionArchive(
            store,
            options.election,
            createWriteStream(options.out),
          );
          process.stdout.write(
            `Wrote ${options.out}: ${counts.submissions} submissions, ${counts.ledger} ledger records.\n`,
          );
        } catch (error) {
          if (!(error instanceof ArchiveError)) throw error;
          process.stderr.write(`${error.message}\n`);
          setExit(1);
        }
      });
    });

  program
    .command('restore')
    .description('restore an election from an archive file into a database that lacks it')
    .requiredOption('--in <file>', 'archive file to read')
    .option(
      '--db <path>',
      'SQLite database file (ignored when DATABASE_URL names PostgreSQL)',
      DEFAULT_DB,
    )
    .action(async (options: { in: string; db: string }) => {
      await withStore(options.db, async (store) => {
        try {
          const { header, counts, skipped } = await restoreElectionArchive(
            store,
            createReadStream(options.in),
          );
          process.stdout.write(
            `Restored ${header.electionId}: ${counts.submissions} submissions, ${counts.ledger} ledger records.\n`,
          );
          if (skipped.webhook_deliveries > 0)
            process.stdout.write(
              `Left out ${skipped.webhook_deliveries} partner deliveries (and ${skipped.webhook_attempts} attempts) to webhook endpoints this database does not have.\n`,
            );
          if (header.publicKeyPem !== store.publicKeyPem)
            process.stdout.write(
              'Its ledger was signed with another key: verify with --public-key and the key the archive names.\n',
            );
        } catch (error) {
          if (!(error instanceof ArchiveError)) throw error;
          process.stderr.write(`${options.in}: ${error.message}\n`);
          setExit(1);
        }
      });
    });
}
