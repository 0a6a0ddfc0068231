import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { KyselyStore } from '../store/kysely-store.ts';
import { openPostgresStore } from '../store/postgres-store.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';

/** A way to open fresh, empty stores of one engine for tests. */
export interface StoreEngine {
  readonly name: 'sqlite' | 'postgres';
  /** Opens a new empty store; each call gets its own database (file or schema). */
  open(): Promise<KyselyStore>;
  /** Removes everything the engine created. */
  cleanup(): Promise<void>;
}

/**
 * The engines store tests run on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set (each
 * store in its own fresh schema, dropped at cleanup).
 */
export function storeEngines(): StoreEngine[] {
  const engines: StoreEngine[] = [sqliteEngine()];
  const url = process.env['TEST_DATABASE_URL'];
  if (url !== undefined && url !== '') engines.push(postgresEngine(url));
  return engines;
}

function sqliteEngine(): StoreEngine {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-store-'));
  let counter = 0;
  return {
    name: 'sqlite',
    open: () => openSqliteStore(join(dir, `store-${++counter}.db`)),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

function postgresEngine(url: string): StoreEngine {
  const prefix = `canvass_test_${randomBytes(4).toString('hex')}`;
  const keyDir = mkdtempSync(join(tmpdir(), 'canvass-pg-key-'));
  const schemas: string[] = [];
  return {
    name: 'postgres',
    open: () => {
      const schema = `${prefix}_${schemas.length + 1}`;
      schemas.push(schema);
      return openPostgresStore({
        connectionString: url,
        schema,
        maxConnections: 4,
        signingKeyPath: join(keyDir, 'signing-key.pem'),
      });
    },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
        rmSync(keyDir, { recursive: true, force: true });
      }
    },
  };
}
