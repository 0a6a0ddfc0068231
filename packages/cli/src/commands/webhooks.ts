import type { Command } from 'commander';
import { PARTNER_EVENT_TYPES, WebhookEndpoints, WebhookError } from '@canvass/server';
import { DEFAULT_DB, withStore, type SetExit } from './shared.ts';

/** `canvass webhooks add|list|remove`: partners' signed event receivers. */
export function registerWebhooks(program: Command, setExit: SetExit): void {
  const fail = (error: unknown): void => {
    if (!(error instanceof WebhookError)) throw error;
    process.stderr.write(`${error.message}\n`);
    setExit(1);
  };
  const webhooks = program
    .command('webhooks')
    .description('manage partner webhook endpoints (signed event deliveries)');
  webhooks
    .command('add')
    .argument('<url>', 'where deliveries are POSTed (http or https)')
    .requiredOption('--user <name>', 'the partner account that owns the endpoint')
    .option('--event <type...>', `event types (${PARTNER_EVENT_TYPES.join(', ')}; default all)`)
    .option('--description <text>', 'a note shown in listings')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(
      async (
        url: string,
        options: { user: string; event?: string[]; description?: string; db: string },
      ) => {
        try {
          await withStore(options.db, async (store) => {
            const added = await new WebhookEndpoints(store.database).add({
              user: options.user,
              url,
              ...(options.event === undefined ? {} : { events: options.event }),
              ...(options.description === undefined ? {} : { description: options.description }),
            });
            process.stdout.write(
              `Added endpoint ${added.endpoint.id} for ${added.endpoint.user}: ${added.endpoint.url} (${added.endpoint.events.join(', ')})\n` +
                `Signing secret (shown once): ${added.secret}\n`,
            );
          });
        } catch (error) {
          fail(error);
        }
      },
    );
  webhooks
    .command('list')
    .option('--user <name>', 'only this account’s endpoints')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(async (options: { user?: string; db: string }) => {
      await withStore(options.db, async (store) => {
        for (const endpoint of await new WebhookEndpoints(store.database).list(options.user)) {
          process.stdout.write(
            `${endpoint.id}\t${endpoint.user}\t${endpoint.url}\t${endpoint.events.join(',')}\t${endpoint.createdAt}\n`,
          );
        }
      });
    });
  webhooks
    .command('remove')
    .argument('<id>', 'endpoint id (from `canvass webhooks list`)')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .action(async (id: string, options: { db: string }) => {
      await withStore(options.db, async (store) => {
        const removed = /^\d+$/.test(id)
          ? await new WebhookEndpoints(store.database).remove(Number(id))
          : false;
        if (!removed) {
          process.stderr.write(`no endpoint ${id}\n`);
          setExit(1);
          return;
        }
        process.stdout.write(`Removed endpoint ${id}; what it was owed is cancelled.\n`);
      });
    });
}
