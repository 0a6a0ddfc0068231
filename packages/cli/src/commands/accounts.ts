import type { Command } from 'commander';
import { AccountError, Accounts, isRole, ROLES } from '@canvass/server';
import { DEFAULT_DB, withStore, type SetExit } from './shared.ts';

/** Reads a password from standard input (one line), so it never appears in shell history. */
async function readPassword(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString('utf8');
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password.length < 12) throw new AccountError('a password needs at least 12 characters');
  return password;
}

/** `canvass users add|list|revoke` and `canvass tokens create|list|revoke`. */
export function registerAccounts(program: Command, setExit: SetExit): void {
  const fail = (error: unknown): void => {
    if (!(error instanceof AccountError)) throw error;
    process.stderr.write(`${error.message}\n`);
    setExit(1);
  };
  const users = program
    .command('users')
    .description(
      'manage accounts (roles: ' + ROLES.filter((role) => role !== 'public').join(', ') + ')',
    );
  users
    .command('add')
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', 'state-admin | county-official | auditor | partner')
    .option(
      '--county <name...>',
      'counties a county official submits for, or an auditor records audit entries for',
    )
    .option('--password-stdin', 'read a web sign-in password from standard input')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(
      async (
        name: string,
        options: { role: string; county?: string[]; passwordStdin?: true; db: string },
      ) => {
        try {
          if (!isRole(options.role)) throw new AccountError(`unknown role ${options.role}`);
          const role = options.role;
          const password = options.passwordStdin === true ? await readPassword() : null;
          await withStore(options.db, async (store) => {
            const user = await new Accounts(store.database).addUser({
              name,
              role,
              counties: options.county ?? [],
              password,
            });
            process.stdout.write(
              `Added ${user.name} (${user.role}${user.counties.length > 0 ? `: ${user.counties.join(', ')}` : ''}).\n`,
            );
          });
        } catch (error) {
          fail(error);
        }
      },
    );
  users
    .command('list')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(async (options: { db: string }) => {
      await withStore(options.db, async (store) => {
        for (const user of await new Accounts(store.database).listUsers()) {
          const state = user.revokedAt === null ? 'active' : `revoked ${user.revokedAt}`;
          process.stdout.write(
            `${user.name}\t${user.role}\t${user.counties.join(',') || '-'}\t${state}\n`,
          );
        }
      });
    });
  users
    .command('revoke')
    .argument('<name>', 'user name')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(async (name: string, options: { db: string }) => {
      await withStore(options.db, async (store) => {
        const revoked = await new Accounts(store.database).revokeUser(name);
        process.stdout.write(
          revoked ? `Revoked ${name}, their tokens and sessions.\n` : `No active user ${name}.\n`,
        );
        if (!revoked) setExit(1);
      });
    });

  const tokens = program.command('tokens').description('manage API tokens');
  tokens
    .command('create')
    .requiredOption('--user <name>', 'the user the token acts as')
    .option('--name <label>', 'what the token is for', 'api')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(async (options: { user: string; name: string; db: string }) => {
      try {
        await withStore(options.db, async (store) => {
          const { token, record } = await new Accounts(store.database).createToken(
            options.user,
            options.name,
          );
          process.stderr.write(
            `Token ${record.id} for ${record.user}. It is shown once; store it now:\n`,
          );
          process.stdout.write(`${token}\n`);
        });
      } catch (error) {
        fail(error);
      }
    });
  tokens
    .command('list')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(async (options: { db: string }) => {
      await withStore(options.db, async (store) => {
        for (const token of await new Accounts(store.database).listTokens()) {
          process.stdout.write(
            `${token.id}\t${token.user}\t${token.name}\t${token.revokedAt === null ? 'active' : `revoked ${token.revokedAt}`}\n`,
          );
        }
      });
    });
  tokens
    .command('revoke')
    .argument('<id>', 'token id (the part after cvs_)')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(async (id: string, options: { db: string }) => {
      await withStore(options.db, async (store) => {
        const revoked = await new Accounts(store.database).revokeToken(id);
        process.stdout.write(revoked ? `Revoked token ${id}.\n` : `No active token ${id}.\n`);
        if (!revoked) setExit(1);
      });
    });
}
