import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Logger } from 'pino';
import { EventStreamHub } from '../live/event-stream.ts';
import { LiveResults } from '../live/live-results.ts';
import { Accounts } from '../auth/accounts.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { createApp } from './app.ts';
import { RESULTS_CACHE_CONTROL } from './document-response.ts';
import { serveWeb } from './web-assets.ts';
import { startWebhooks } from '../webhooks/start-webhooks.ts';
import { publishPartnerEvent } from '../webhooks/outbox.ts';
import { startClusterSync } from '../cluster/cluster-sync.ts';
import { LiveProjections, type ProjectionSetup } from '../projection/live-projections.ts';
import { LazyRankingPool } from '../sampling/parallel-ranking.ts';

/** Options for {@link startServer}. */
export interface ServerOptions {
  readonly store: KyselyStore;
  readonly logger: Logger;
  readonly port: number;
  readonly host?: string;
  /** An operator's bearer token acting as a state administrator; null for none. */
  readonly adminToken: string | null;
  /** Directory of the built results page; the API alone is served when null. */
  readonly webRoot: string | null;
  /** Contests to project and call, with their baselines (none when absent). */
  readonly projections?: readonly ProjectionSetup[];
  /** Believe X-Forwarded-Proto/-Host (the server is behind a reverse proxy that sets them). */
  readonly trustProxy?: boolean;
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly live: LiveResults;
  readonly events: EventStreamHub;
  readonly projections: LiveProjections;
  readonly server: Server;
  close(): Promise<void>;
}

/** Pending connections the kernel may queue before the server accepts them. */
const LISTEN_BACKLOG = 4096;

const EVENTS_PATH = /^\/api\/elections\/([^/]+)\/events$/;
const RESULTS_PATH = /^\/api\/elections\/([^/]+)\/results$/;

/**
 * Starts `canvass serve`: the Hono API plus two paths served straight from Node for election-night
 * load: the event stream (written to each response directly) and the results document (a cached
 * buffer with its ETag).
 * @example const running = await startServer({ store, logger, port: 8080, adminToken: null, webRoot: null });
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const live = await LiveResults.load(options.store);
  const events = new EventStreamHub(live);
  const cluster = await startClusterSync({ store: options.store, live, logger: options.logger });
  const projections = new LiveProjections(live, options.projections ?? []);
  projections.subscribe((call) => {
    events.send(call.electionId, 'call', call);
    // Partners hear of each call event once, however many times a version is projected.
    const { event } = call;
    void publishPartnerEvent(options.store, {
      type: 'race.call',
      electionId: call.electionId,
      data: {
        contestId: call.contestId,
        version: call.version,
        type: event.type,
        winner: event.winner,
        reason: event.reason,
      },
      dedupeKey: `race.call:${call.electionId}:${call.contestId}:${String(call.version)}:${event.type}:${event.winner}`,
    }).catch((error: unknown) => {
      options.logger.error({ err: error }, 'race call not queued for partners');
    });
  });
  const webhooks = await startWebhooks({
    database: options.store.database,
    live,
    logger: options.logger,
  });
  const ranking = new LazyRankingPool();
  const app = createApp({
    store: options.store,
    live,
    logger: options.logger,
    adminToken: options.adminToken,
    accounts: new Accounts(options.store.database),
    projections,
    trustProxy: options.trustProxy ?? false,
    ranking,
  });
  if (options.webRoot !== null) serveWeb(app, options.webRoot);
  const honoListener = getRequestListener(app.fetch);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'GET' && request.url !== undefined) {
      const path = request.url.split('?', 1)[0] ?? '';
      const stream = EVENTS_PATH.exec(path);
      if (
        stream?.[1] !== undefined &&
        events.accept(decodeURIComponent(stream[1]), request, response)
      )
        return;
      const results = request.url === path ? RESULTS_PATH.exec(path) : null;
      const election =
        results?.[1] === undefined ? undefined : live.election(decodeURIComponent(results[1]));
      if (election !== undefined) {
        const document = election.results();
        const headers = {
          etag: document.etag,
          'cache-control': RESULTS_CACHE_CONTROL,
          'content-type': 'application/json; charset=utf-8',
          'access-control-allow-origin': '*',
          'x-content-type-options': 'nosniff',
        };
        if (request.headers['if-none-match'] === document.etag) {
          response.writeHead(304, headers).end();
        } else {
          response
            .writeHead(200, { ...headers, 'content-length': document.body.length })
            .end(document.body);
        }
        return;
      }
    }
    void honoListener(request, response);
  });
  server.keepAliveTimeout = 65_000;
  // Election night opens thousands of connections at once: a deeper accept queue than Node's
  // default 511 (the kernel caps it at net.core.somaxconn) keeps a burst from being dropped.
  await new Promise<void>((resolve) =>
    server.listen(
      { port: options.port, host: options.host ?? '127.0.0.1', backlog: LISTEN_BACKLOG },
      resolve,
    ),
  );
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  options.logger.info({ url }, 'canvass serving');
  return {
    url,
    live,
    events,
    projections,
    server,
    close: async () => {
      await cluster.stop();
      projections.close();
      await ranking.close();
      await webhooks.stop();
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
