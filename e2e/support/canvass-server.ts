import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openSqliteStore, startServer } from '@canvass/server';

/** A server on a free port with a fresh SQLite database. */
export interface TestServer {
  readonly url: string;
  readonly token: string;
  /** POSTs an OpenElections CSV as one submission; resolves with the response status and body. */
  submit(
    electionId: string,
    csv: string,
    fileName: string,
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** Starts the real server (API, event stream and built page) as `canvass serve` would. */
export async function startTestServer(webRoot: string): Promise<TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'canvass-e2e-'));
  const store = await openSqliteStore(join(directory, 'canvass.db'));
  const token = 'e2e-admin-token';
  const running = await startServer({
    store,
    logger: pino({ level: 'silent' }),
    port: 0,
    adminToken: token,
    webRoot,
  });
  return {
    url: running.url,
    token,
    submit: async (electionId, csv, fileName) => {
      const response = await fetch(
        `${running.url}/api/elections/${encodeURIComponent(electionId)}/submissions?filename=${encodeURIComponent(fileName)}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body: csv,
        },
      );
      return { status: response.status, body: await response.json() };
    },
    close: async () => {
      await running.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
