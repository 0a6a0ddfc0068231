import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyElection } from '@canvass/server';
import { DEFAULT_DB, withStore, type SetExit } from './shared.ts';

/**
 * `canvass verify`: recomputes every election's hash chain, checks every signature, and rebuilds
 * every total from the ledger's kept sources alone; any difference is printed and the exit code
 * is 1.
 */
export function registerVerify(program: Command, setExit: SetExit): void {
  program
    .command('verify')
    .description(
      'verify the ledger: hash chain, signatures, kept sources, stored counts and every total',
    )
    .option('--election <id>', 'one election (default: all)')
    .option(
      '--db <path>',
      'SQLite database file (ignored when DATABASE_URL names PostgreSQL)',
      DEFAULT_DB,
    )
    .option('--database-url <url>', 'PostgreSQL database to verify (overrides DATABASE_URL)')
    .option('--json', 'print the report as JSON')
    .option(
      '--public-key <file>',
      "PEM public key to check signatures with (an archive's publisher's; default: this database's key)",
    )
    .action(
      async (options: {
        election?: string;
        db: string;
        databaseUrl?: string;
        json?: true;
        publicKey?: string;
      }) => {
        if (options.databaseUrl !== undefined) process.env['DATABASE_URL'] = options.databaseUrl;
        await withStore(options.db, async (store) => {
          const ids =
            options.election !== undefined
              ? [options.election]
              : (await store.listElections()).map((election) => election.id);
          const reports = [];
          const key =
            options.publicKey === undefined
              ? store.publicKeyPem
              : readFileSync(options.publicKey, 'utf8');
          for (const id of ids) reports.push(await verifyElection(store, id, key));
          const problems = reports.reduce((sum, report) => sum + report.problems.length, 0);
          if (options.json === true) {
            process.stdout.write(`${JSON.stringify({ ok: problems === 0, reports }, null, 2)}\n`);
          } else {
            for (const report of reports) {
              const status =
                report.problems.length === 0
                  ? 'OK'
                  : `${report.problems.length} PROBLEM${report.problems.length === 1 ? '' : 'S'}`;
              process.stdout.write(
                `${report.electionId}: ${status} — ${report.ledgerRecords} ledger records, ${report.submissions} submissions, ${report.contestsCompared} contests rebuilt from the ledger\n`,
              );
              for (const problem of report.problems)
                process.stdout.write(`  [${problem.check}] ${problem.message}\n`);
            }
            if (reports.length === 0) process.stdout.write('No elections to verify.\n');
          }
          if (problems > 0) setExit(1);
        });
      },
    );
}
