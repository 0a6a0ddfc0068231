import pg from 'pg';
import type { Logger } from 'pino';
import type { LiveResults } from '../live/live-results.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { PostgresStore } from '../store/postgres-store.ts';

/** Keeps one node's live results in step with the other nodes sharing its database. */
export interface ClusterSync {
  stop(): Promise<void>;
}

/** How often a node also compares versions with the database, in case a notification was lost. */
const POLL_MS = 2000;
const RECONNECT_MS = 1000;

/**
 * With PostgreSQL, several `canvass serve` nodes share one database. Each node announces every
 * version it publishes with NOTIFY on a channel named for the schema; every node LISTENs, and on a
 * notification applies whatever it lacks from the database (in commit order), so its event-stream
 * clients see the version within moments and every node publishes the same versions. Because a
 * notification is lost when a node dies between its commit and its NOTIFY (or a listener
 * reconnects), each node also compares its versions with the database every two seconds.
 * On SQLite (one process) this does nothing.
 * @example const sync = await startClusterSync({ store, live, logger });
 */
export async function startClusterSync(options: {
  readonly store: KyselyStore;
  readonly live: LiveResults;
  readonly logger: Logger;
  readonly pollMs?: number;
}): Promise<ClusterSync> {
  if (!(options.store instanceof PostgresStore)) return { stop: () => Promise.resolve() };
  const store = options.store;
  const { live, logger } = options;
  const channel = `canvass_${store.schema}`;
  let stopped = false;
  let client: pg.Client | null = null;

  const catchUp = (electionId: string): void => {
    live.catchUp(electionId).catch((error: unknown) => {
      logger.error({ err: error, electionId }, 'catching up with another node failed');
    });
  };

  const poll = async (): Promise<void> => {
    for (const election of await store.listElections()) {
      const mine = live.election(election.id);
      if (mine?.version !== election.version || mine.definitionHash !== election.definitionHash)
        catchUp(election.id);
    }
  };

  const connect = async (): Promise<void> => {
    const listener = new pg.Client({ connectionString: store.connectionString });
    listener.on('notification', (message) => {
      const electionId = parseNotice(message.payload);
      const mine = electionId === null ? undefined : live.election(electionId.id);
      if (electionId !== null && (mine === undefined || mine.version < electionId.version))
        catchUp(electionId.id);
    });
    listener.on('error', (error) => {
      logger.warn({ err: error }, 'cluster listener lost its connection; reconnecting');
      if (client === listener) client = null;
      void listener.end().catch(() => undefined);
      if (!stopped) setTimeout(() => void reconnect(), RECONNECT_MS).unref();
    });
    await listener.connect();
    await listener.query(`listen ${channel}`);
    client = listener;
    // Whatever happened while not listening.
    await poll();
  };
  const reconnect = async (): Promise<void> => {
    try {
      await connect();
    } catch (error) {
      logger.warn({ err: error }, 'cluster listener could not connect; retrying');
      if (!stopped) setTimeout(() => void reconnect(), RECONNECT_MS).unref();
    }
  };

  await connect();
  const unsubscribe = live.subscribe((event) => {
    // Announced after the commit that made it; other nodes read the committed rows.
    store.pool
      .query('select pg_notify($1, $2)', [
        channel,
        JSON.stringify({ id: event.electionId, version: event.version }),
      ])
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'could not announce a version to other nodes');
      });
  });
  const timer = setInterval(() => {
    poll().catch((error: unknown) => {
      logger.warn({ err: error }, 'comparing versions with the database failed');
    });
  }, options.pollMs ?? POLL_MS);
  timer.unref();

  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      const listener = client;
      client = null;
      await listener?.end().catch(() => undefined);
    },
  };
}

function parseNotice(payload: string | undefined): { id: string; version: number } | null {
  try {
    const parsed = JSON.parse(payload ?? '') as { id?: unknown; version?: unknown };
    return typeof parsed.id === 'string' && typeof parsed.version === 'number'
      ? { id: parsed.id, version: parsed.version }
      : null;
  } catch {
    return null;
  }
}
