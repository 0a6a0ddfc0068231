import { Hono, type Context } from 'hono';
import { except } from 'hono/combine';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { ElectionDefinitionSchema, formatLocated } from '@canvass/core';
import { gatedImport, type GatedOutcome } from '../gate/gated-import.ts';
import type { ImportPolicy } from '../ingest/import-stream.ts';
import type { LiveResults } from '../live/live-results.ts';
import type { Store } from '../store/store.ts';
import { WriteLock } from '../store/write-lock.ts';
import type { Accounts } from '../auth/accounts.ts';
import type { Principal } from '../auth/roles.ts';
import { RateLimiter } from '../auth/rate-limiter.ts';
import {
  authenticate,
  clientAddress,
  requirePermission,
  SESSION_PATH,
  type AuthVariables,
} from './authenticate.ts';
import { documentResponse } from './document-response.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import type { LazyRankingPool } from '../sampling/parallel-ranking.ts';
import { apiError } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { registerHeldRoutes } from './held-routes.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerLedgerRoutes } from './ledger-routes.ts';
import { JsonSubmissionSchema, type JsonSubmission } from './schemas.ts';
import { rowsToCsv } from './rows-to-csv.ts';
import { registerEmbedRoutes } from './embed-routes.ts';
import { registerApFeedRoutes } from './ap-feed-routes.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';
import { registerProjectionRoutes } from './projection-routes.ts';
import { registerRecountRoutes } from './recount-routes.ts';
import type { LiveProjections } from '../projection/live-projections.ts';
import { projectionSources } from '../projection/projection-sources.ts';

/** What the HTTP app needs. */
export interface AppDependencies {
  readonly store: Store;
  readonly live: LiveResults;
  readonly logger: Logger;
  /** Accounts, tokens and sessions; null serves reads and the admin token only. */
  readonly accounts: Accounts | null;
  /** An operator's bearer token acting as a state administrator; null for none. */
  readonly adminToken: string | null;
  /** Largest accepted submission body, in bytes. */
  readonly maxBodyBytes?: number;
  /** Projections and calls of configured contests; absent serves empty projection lists. */
  readonly projections?: LiveProjections;
  /**
   * Believe X-Forwarded-Proto/-Host from a reverse proxy (for Secure cookies and the same-origin
   * check of cookie-authenticated writes); only when a proxy always sets them.
   */
  readonly trustProxy?: boolean;
  /** Threads for ranking large audit manifests (the server starts and closes them). */
  readonly ranking?: LazyRankingPool;
}

const DEFAULT_MAX_BODY = 256 << 20;

/**
 * Builds the Canvass HTTP API. Web-standard Request/Response throughout, so `app.request()`
 * exercises it without a socket.
 * @example const response = await createApp(deps).request('/api/elections');
 */
export function createApp(deps: AppDependencies): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  const signIns = new RateLimiter(5, 5 / 60);
  const writes = new RateLimiter(60, 2);
  const submissions = new WriteLock();
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY;

  // Embeds are framed by partner sites and set their own headers (frame-ancestors *).
  app.use('*', except('/embed/*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' })));
  app.use('/api/*', async (c, next) => {
    c.header('access-control-allow-origin', '*');
    await next();
  });
  app.onError((error, c) => {
    deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return apiError(c, 'internal', 'internal error');
  });
  app.notFound((c) => apiError(c, 'not-found', `no route for ${c.req.method} ${c.req.path}`));

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    if (!deps.logger.isLevelEnabled('debug')) return;
    // Path only: a query string is the caller's and is not logged. Headers only at trace, with
    // credentials redacted by the logger.
    const entry = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      actor: (c.get('principal') as Principal | undefined)?.name,
    };
    if (deps.logger.isLevelEnabled('trace'))
      deps.logger.trace(
        {
          ...entry,
          headers: Object.fromEntries(c.req.raw.headers),
          responseHeaders: Object.fromEntries(c.res.headers),
        },
        'request',
      );
    else deps.logger.debug(entry, 'request');
  });
  app.use('/api/*', authenticate(deps.accounts, deps.adminToken, deps.trustProxy ?? false));
  app.use('/api/*', async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || c.req.path === SESSION_PATH) {
      await next();
      return undefined;
    }
    const principal = c.get('principal');
    // The operator's own admin token (used by replays and scripts on the server) is not limited.
    if (principal.via !== 'admin-token' && !writes.take(`${principal.name}:${clientAddress(c)}`)) {
      c.header('retry-after', '1');
      return apiError(c, 'rate-limited', 'too many writes; slow down');
    }
    await next();
    return undefined;
  });

  registerSessionRoutes(app, {
    accounts: deps.accounts,
    signIns,
    trustProxy: deps.trustProxy ?? false,
    logger: deps.logger,
  });

  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));

  app.get('/api/elections', (c) =>
    c.json(
      deps.live.elections().map((election) => ({
        id: election.id,
        name: election.tally.definition.name,
        date: election.tally.definition.date,
        state: election.tally.definition.state,
        type: election.tally.definition.type,
        version: election.version,
        updatedAt: election.updatedAt,
        definitionHash: election.definitionHash,
      })),
    ),
  );

  app.get('/api/elections/:id', (c) => {
    const election = deps.live.election(c.req.param('id'));
    if (election === undefined) return apiError(c, 'not-found', `no election ${c.req.param('id')}`);
    return c.json({
      definitionHash: election.definitionHash,
      version: election.version,
      definition: election.tally.definition,
    });
  });

  app.get('/api/elections/:id/results', (c) => {
    const election = deps.live.election(c.req.param('id'));
    if (election === undefined) return apiError(c, 'not-found', `no election ${c.req.param('id')}`);
    return documentResponse(c, election.results());
  });

  app.get('/api/elections/:id/history', (c) => {
    const election = deps.live.election(c.req.param('id'));
    if (election === undefined) return apiError(c, 'not-found', `no election ${c.req.param('id')}`);
    return documentResponse(c, election.historyDocument());
  });

  app.get('/api/elections/:id/contests/:contestId', (c) => {
    const election = deps.live.election(c.req.param('id'));
    const document = election?.contest(c.req.param('contestId'));
    if (election === undefined || document == null)
      return apiError(c, 'not-found', 'no such election or contest');
    return documentResponse(c, document);
  });

  app.get('/api/elections/:id/contests/:contestId/counties/:county', (c) => {
    const election = deps.live.election(c.req.param('id'));
    const document = election?.county(c.req.param('contestId'), c.req.param('county'));
    if (election === undefined || document == null)
      return apiError(c, 'not-found', 'no such election, contest or county');
    return documentResponse(c, document);
  });

  app.get('/api/elections/:id/submissions', async (c) => {
    const election = deps.live.election(c.req.param('id'));
    if (election === undefined) return apiError(c, 'not-found', `no election ${c.req.param('id')}`);
    const list = await deps.store.listSubmissions(election.id);
    return c.json(
      list.map(({ options: _options, warnings: _warnings, ...submission }) => submission),
    );
  });

  app.put('/api/elections/:id/definition', requirePermission('define-election'), async (c) => {
    const parsed = ElectionDefinitionSchema.safeParse(await readJson(c));
    if (!parsed.success)
      return apiError(c, 'bad-request', 'not a valid election definition', parsed.error.issues);
    if (parsed.data.id !== c.req.param('id'))
      return apiError(
        c,
        'bad-request',
        `the definition's id ${parsed.data.id} does not match the URL`,
      );
    const outcome = await submissions.run(async () => {
      const result = await deps.store.defineElection(parsed.data);
      if (result.status !== 'conflict') await deps.live.refreshElection(parsed.data.id);
      return result;
    });
    if (outcome.status === 'conflict') return apiError(c, 'conflict', outcome.reason);
    return c.json(
      { status: outcome.status, election: outcome.election },
      outcome.status === 'created' ? 201 : 200,
    );
  });

  app.post('/api/elections/:id/submissions', requirePermission('submit-results'), async (c) => {
    const electionId = c.req.param('id');
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > maxBody)
      return apiError(c, 'payload-too-large', `submissions are limited to ${maxBody} bytes`);
    const policy = parsePolicy(c.req.query('onDuplicate'), c.req.query('onCountyTotal'));
    if (policy === null)
      return apiError(
        c,
        'bad-request',
        'onDuplicate takes error|sum|first and onCountyTotal takes error|skip',
      );
    const correction = c.req.query('correction') ?? null;
    if (correction?.trim() === '')
      return apiError(c, 'bad-request', 'a correction needs a reason (correction=...)');
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let bytes: AsyncIterable<Uint8Array>;
    let sourceName = c.req.query('filename') ?? 'submission.csv';
    if (type === 'application/json') {
      const parsed = JsonSubmissionSchema.safeParse(await readJson(c));
      if (!parsed.success)
        return apiError(
          c,
          'bad-request',
          'not a valid JSON submission',
          parsed.error.issues.slice(0, 20),
        );
      const body: JsonSubmission = parsed.data;
      sourceName = body.sourceName ?? 'submission.json';
      bytes = once(Buffer.from(rowsToCsv(body.rows)));
    } else if (
      type === 'text/csv' ||
      type === 'application/octet-stream' ||
      type === 'text/plain'
    ) {
      const stream = c.req.raw.body;
      if (stream === null) return apiError(c, 'bad-request', 'the submission body is empty');
      bytes = limitBytes(stream, maxBody);
    } else {
      return apiError(
        c,
        'unsupported-media-type',
        'send text/csv (an OpenElections precinct file) or application/json',
      );
    }
    let outcome: GatedOutcome;
    try {
      outcome = await submissions.run(async () => {
        const principal = c.get('principal');
        const result = await gatedImport({
          store: deps.store,
          live: deps.live,
          bytes: await collectBytes(bytes),
          sourceName,
          electionId,
          submittedBy: principal.name,
          policy,
          allowedCounties:
            principal.role === 'county-official' ? new Set(principal.counties) : null,
          correction,
        });
        if (result.status === 'accepted') await deps.live.applyAccepted(result.submission);
        return result;
      });
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return apiError(c, 'payload-too-large', error.message);
      throw error;
    }
    switch (outcome.status) {
      case 'held':
        return c.json({ status: 'held', held: outcome.held }, 202);
      case 'accepted': {
        deps.logger.info(
          { electionId, submission: outcome.submission.id, rows: outcome.submission.rows },
          'submission accepted',
        );
        const { options: _options, ...submission } = outcome.submission;
        return c.json({ status: 'accepted', version: outcome.election.version, submission }, 201);
      }
      case 'duplicate':
        return c.json(
          {
            status: 'duplicate',
            submission: { id: outcome.existing.id, sourceSha256: outcome.existing.sourceSha256 },
          },
          200,
        );
      case 'rejected':
        if (
          outcome.errors.length > 0 &&
          outcome.errors.every((error) => error.code === 'forbidden-county')
        ) {
          return apiError(c, 'forbidden', outcome.errors.map((error) => error.reason).join('; '), {
            errors: outcome.errors,
          });
        }
        return apiError(c, 'rejected', `${outcome.errorCount} error(s); nothing was stored`, {
          errorCount: outcome.errorCount,
          errors: outcome.errors.map((error) => ({ ...error, text: formatLocated(error) })),
        });
    }
  });

  registerWebhookRoutes(app, deps);
  registerProjectionRoutes(app, deps);
  registerHeldRoutes(app, { store: deps.store, live: deps.live, submissions });
  registerLedgerRoutes(app, { store: deps.store });
  registerAuditRoutes(app, {
    store: deps.store,
    live: deps.live,
    ...(deps.ranking === undefined ? {} : { ranking: deps.ranking }),
  });
  const fromProjections =
    deps.projections === undefined ? null : projectionSources(deps.projections, deps.live);
  registerApFeedRoutes(app, deps, fromProjections?.apFeed);
  registerEmbedRoutes(app, deps, fromProjections?.embed);
  registerRecountRoutes(app, { store: deps.store, maxBodyBytes: maxBody });
  return app;
}

function parsePolicy(onDuplicate = 'error', onCountyTotal = 'error'): ImportPolicy | null {
  if (onDuplicate !== 'error' && onDuplicate !== 'sum' && onDuplicate !== 'first') return null;
  if (onCountyTotal !== 'error' && onCountyTotal !== 'skip') return null;
  return { onDuplicate, onCountyTotal };
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

class BodyTooLargeError extends Error {}

async function collectBytes(bytes: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of bytes) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async iterable of one chunk
async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}

async function* limitBytes(
  stream: ReadableStream<Uint8Array>,
  max: number,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > max) throw new BodyTooLargeError(`submissions are limited to ${max} bytes`);
    yield chunk;
  }
}
