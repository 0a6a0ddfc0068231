import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { LiveResults } from '../live/live-results.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.ts';
import { WebhookDispatcher } from './dispatcher.ts';
import { ResultsAnnouncer } from './results-announcer.ts';

/** Timings of the webhook service; every one has a production default. */
export interface WebhookSettings {
  readonly retry: RetryPolicy;
  readonly leaseMs: number;
  readonly timeoutMs: number;
  readonly pollMs: number;
}

/** The running webhook service. */
export interface RunningWebhooks {
  readonly dispatcher: WebhookDispatcher;
  readonly announcer: ResultsAnnouncer;
  stop(): Promise<void>;
}

/**
 * Reads webhook timings from the environment (`CANVASS_WEBHOOK_RETRY_BASE_MS`,
 * `CANVASS_WEBHOOK_RETRY_MAX_MS`, `CANVASS_WEBHOOK_MAX_ATTEMPTS`, `CANVASS_WEBHOOK_LEASE_MS`,
 * `CANVASS_WEBHOOK_TIMEOUT_MS`, `CANVASS_WEBHOOK_POLL_MS`), refusing values that are not positive
 * integers.
 */
export function webhookSettings(
  env: Readonly<Record<string, string | undefined>>,
): WebhookSettings {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^[1-9]\d{0,9}$/.test(raw))
      throw new Error(`${name} must be a positive integer, not ${raw}`);
    return Number(raw);
  };
  return {
    retry: {
      baseMs: read('CANVASS_WEBHOOK_RETRY_BASE_MS', DEFAULT_RETRY_POLICY.baseMs),
      maxMs: read('CANVASS_WEBHOOK_RETRY_MAX_MS', DEFAULT_RETRY_POLICY.maxMs),
      maxAttempts: read('CANVASS_WEBHOOK_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts),
    },
    leaseMs: read('CANVASS_WEBHOOK_LEASE_MS', 60_000),
    timeoutMs: read('CANVASS_WEBHOOK_TIMEOUT_MS', 10_000),
    pollMs: read('CANVASS_WEBHOOK_POLL_MS', 2_000),
  };
}

/**
 * Starts the webhook service beside `canvass serve`: announces results versions missed while the
 * server was down, then delivers the outbox and follows new versions.
 * @example const webhooks = await startWebhooks({ database: store.database, live, logger });
 */
export async function startWebhooks(options: {
  readonly database: Kysely<DatabaseSchema>;
  readonly live: LiveResults;
  readonly logger: Logger;
  readonly settings?: WebhookSettings;
}): Promise<RunningWebhooks> {
  const settings = options.settings ?? webhookSettings(process.env);
  const dispatcher = new WebhookDispatcher({
    database: options.database,
    logger: options.logger,
    ...settings,
  });
  const announcer = new ResultsAnnouncer(options.database, options.live, options.logger);
  await announcer.start();
  dispatcher.start();
  return {
    dispatcher,
    announcer,
    stop: async () => {
      await announcer.stop();
      await dispatcher.stop();
    },
  };
}
