import { openStore, type KyselyStore } from '@canvass/server';

/** The default embedded database file, in the working directory. */
export const DEFAULT_DB = 'canvass.db';

/** Sets the exit code of the command that is running (the highest one wins). */
export type SetExit = (code: number) => void;

/**
 * The database a command uses: PostgreSQL when DATABASE_URL is a postgres:// URL, otherwise the
 * SQLite file named by `--db`. CANVASS_DB_SCHEMA names the PostgreSQL schema (default `public`).
 */
export function openConfiguredStore(dbPath: string): Promise<KyselyStore> {
  const schema = process.env['CANVASS_DB_SCHEMA'];
  return openStore({
    databaseUrl: process.env['DATABASE_URL'] ?? null,
    sqlitePath: dbPath,
    ...(schema === undefined || schema === '' ? {} : { schema }),
  });
}

/**
 * Opens the configured store, runs `task`, and always closes the store.
 * @example await withStore('canvass.db', async (store) => store.listElections());
 */
export async function withStore<T>(
  dbPath: string,
  task: (store: KyselyStore) => Promise<T>,
): Promise<T> {
  const store = await openConfiguredStore(dbPath);
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

/** Picks the election to show: the one asked for, or else the most recent. */
export async function chooseElection(
  store: KyselyStore,
  requested: string | undefined,
): Promise<string | null> {
  if (requested !== undefined) return requested;
  const elections = await store.listElections();
  return elections.at(-1)?.id ?? null;
}
