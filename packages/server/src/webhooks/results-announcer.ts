import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { LiveElection } from '../live/live-election.ts';
import type { LiveResults } from '../live/live-results.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import { enqueueEvent, wakeDispatchers } from './outbox.ts';
import { webhookDatabase, type WebhookDatabase, type WebhookTables } from './schema.ts';

/**
 * Turns every published results version into a `results.version` partner event. A cursor per
 * election records the last version announced, in the same transaction as the events, so that a
 * version committed just before a crash is announced when the server starts again.
 */
export class ResultsAnnouncer {
  readonly #database: Kysely<DatabaseSchema>;
  readonly #db: WebhookDatabase;
  readonly #live: LiveResults;
  readonly #logger: Logger;
  #queue: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | null = null;

  constructor(database: Kysely<DatabaseSchema>, live: LiveResults, logger: Logger) {
    this.#database = database;
    this.#db = webhookDatabase(database);
    this.#live = live;
    this.#logger = logger;
  }

  /** Announces whatever versions were published but not yet announced, then follows new ones. */
  async start(): Promise<void> {
    await this.#db
      .insertInto('webhook_state')
      .values({ name: 'installed_at', value: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .execute();
    this.#unsubscribe = this.#live.subscribe((event) => {
      const election = this.#live.election(event.electionId);
      if (election !== undefined) this.#enqueue(election);
    });
    for (const election of this.#live.elections()) this.#enqueue(election);
    await this.#queue;
  }

  /** Stops following and waits for announcements under way. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#queue;
  }

  /** Resolves when every announcement asked for so far is committed. */
  settled(): Promise<void> {
    return this.#queue;
  }

  #enqueue(election: LiveElection): void {
    this.#queue = this.#queue
      .then(() => this.#announce(election))
      .catch((error: unknown) => {
        this.#logger.error({ err: error, election: election.id }, 'announcing a version failed');
      });
  }

  async #announce(election: LiveElection): Promise<void> {
    const upTo = election.version;
    const queued = await this.#db.transaction().execute(async (trx) => {
      const cursor = await trx
        .selectFrom('webhook_cursors')
        .select('version')
        .where('election_id', '=', election.id)
        .executeTakeFirst();
      const from = cursor?.version ?? (await startingVersion(trx, election));
      let count = 0;
      for (let version = from + 1; version <= upTo; version++) {
        const event = election.events[version - 1];
        if (event === undefined) continue;
        const base = `/api/elections/${encodeURIComponent(election.id)}`;
        const published = await enqueueEvent(trx, {
          type: 'results.version',
          electionId: election.id,
          dedupeKey: `results.version:${election.id}:${version}`,
          data: {
            version,
            submissionId: event.submissionId,
            contests: event.contests,
            at: event.at,
            results: `${base}/results`,
            snapshot: `${base}/versions/${version}`,
          },
        });
        count += published.deliveries;
      }
      if (cursor === undefined || upTo > cursor.version)
        await trx
          .insertInto('webhook_cursors')
          .values({ election_id: election.id, version: upTo })
          .onConflict((conflict) =>
            conflict
              .column('election_id')
              .doUpdateSet({ version: upTo })
              .where('webhook_cursors.version', '<', upTo),
          )
          .execute();
      return count;
    });
    if (queued > 0) wakeDispatchers(this.#database);
  }
}

/**
 * Where to start for an election never announced: from the beginning when it was created after
 * webhooks were installed (its first versions may have been cut off by a crash), otherwise from
 * now (versions from before webhooks existed are not news).
 */
async function startingVersion(
  db: Transaction<DatabaseSchema & WebhookTables>,
  election: LiveElection,
): Promise<number> {
  const installed = await db
    .selectFrom('webhook_state')
    .select('value')
    .where('name', '=', 'installed_at')
    .executeTakeFirst();
  const record = await db
    .selectFrom('elections')
    .select('created_at')
    .where('id', '=', election.id)
    .executeTakeFirst();
  if (installed === undefined || record === undefined) return election.version;
  return record.created_at >= installed.value ? 0 : election.version;
}
