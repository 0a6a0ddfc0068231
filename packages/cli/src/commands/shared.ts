import { openSqliteStore, type SqliteStore } from '@canvass/server';

/** The default embedded database file, in the working directory. */
export const DEFAULT_DB = 'canvass.db';

/** Sets the exit code of the command that is running (the highest one wins). */
export type SetExit = (code: number) => void;

/**
 * Opens the store named by `--db`, runs `task`, and always closes the store.
 * @example await withStore('canvass.db', async (store) => store.listElections());
 */
export async function withStore<T>(
  dbPath: string,
  task: (store: SqliteStore) => Promise<T>,
): Promise<T> {
  const store = await openSqliteStore(dbPath);
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

/** Picks the election to show: the one asked for, or the only one, or the newest. */
export async function chooseElection(
  store: SqliteStore,
  requested: string | undefined,
): Promise<string | null> {
  if (requested !== undefined) return requested;
  const elections = await store.listElections();
  return elections.at(-1)?.id ?? null;
}
