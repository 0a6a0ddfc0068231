import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { KyselyStore } from './kysely-store.ts';

/**
 * Opens the store a deployment names: PostgreSQL when `databaseUrl` is a postgres:// URL,
 * otherwise the embedded SQLite file at `sqlitePath`.
 * @example const store = await openStore({ databaseUrl: process.env.DATABASE_URL ?? null, sqlitePath: 'canvass.db' });
 */
export async function openStore(options: {
  readonly databaseUrl: string | null;
  readonly sqlitePath: string;
  readonly schema?: string;
}): Promise<KyselyStore> {
  if (options.databaseUrl !== null && /^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    return openPostgresStore({
      connectionString: options.databaseUrl,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    });
  }
  return openSqliteStore(options.sqlitePath);
}
