import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { retrievalCsv } from '@canvass/core';
import { AuditRefusal } from '../audit/audit-errors.ts';
import { AuditWorkflow, PARALLEL_RANKING_MIN_BALLOTS } from '../audit/audit-workflow.ts';
import { AlphaEstimatorSchema, ShareSchema } from '../audit/alpha-settings.ts';
import type { LiveResults } from '../live/live-results.ts';
import type { LazyRankingPool } from '../sampling/parallel-ranking.ts';
import type { Store } from '../store/store.ts';
import { requirePermission, type AuthVariables } from './authenticate.ts';
import { apiError } from './errors.ts';
import { retrievalPage } from './audit-retrieval-page.ts';

/** What the audit routes need. */
export interface AuditRouteDependencies {
  readonly store: Store;
  readonly live: LiveResults;
  /** Threads that rank a large manifest for its first draw; without it one thread ranks. */
  readonly ranking?: LazyRankingPool;
}

const CreateAuditSchema = z.object({
  name: z.string().trim().min(1).max(200),
  riskLimit: z.number().int(),
  method: z.string(),
  contests: z.array(z.string().min(1)).min(1),
  estimator: AlphaEstimatorSchema.optional(),
  supermajority: z.record(z.string(), ShareSchema).optional(),
});

const SeedSchema = z.object({ seed: z.string() });

const RoundSchema = z.union([
  z.object({ sampleSize: z.number().int() }),
  z.object({ option: z.string().min(1) }),
]);

const InterpretationSchema = z.union([
  z.object({ kind: z.literal('not-found') }),
  z.object({ kind: z.literal('found'), votes: z.record(z.string(), z.array(z.string())) }),
]);

const EntriesSchema = z.object({
  entries: z
    .array(
      z.object({
        ballot: z.union([
          z.object({ ballotKey: z.string().min(1) }),
          z.object({
            county: z.string(),
            tabulator: z.string().nullable().optional(),
            batch: z.string(),
            position: z.number().int().positive(),
          }),
        ]),
        interpretation: InterpretationSchema,
      }),
    )
    .min(1)
    .max(5000),
});

const BatchEntriesSchema = z.object({
  entries: z
    .array(
      z.object({
        batch: z.union([
          z.object({ batchKey: z.string().min(1) }),
          z.object({
            county: z.string(),
            tabulator: z.string().nullable().optional(),
            batch: z.string(),
          }),
        ]),
        votes: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())),
      }),
    )
    .min(1)
    .max(5000),
});

const HandCountSchema = z.object({
  contest: z.string().min(1),
  votes: z.record(z.string(), z.number().int().nonnegative()),
});

const MAX_MANIFEST_BYTES = 32 << 20;
const MAX_CVR_BYTES = 256 << 20;

/**
 * Registers the risk-limiting audit routes. Reads are public, so that observers can follow and
 * recompute an audit; every change needs the `audit` permission and is one ledger record.
 */
export function registerAuditRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: AuditRouteDependencies,
): void {
  const ranking = deps.ranking;
  const workflow = new AuditWorkflow({
    store: deps.store,
    tallyOf: (id) => Promise.resolve(deps.live.election(id)?.tally ?? null),
    ...(ranking === undefined ? {} : { rankBallots: (input) => ranking.rank(input) }),
  });
  const permitted = requirePermission('audit');
  const actor = (c: Context<{ Variables: AuthVariables }>): string => c.get('principal').name;
  // An auditor account given counties records only their ballots; administrators record any.
  const scope = (c: Context<{ Variables: AuthVariables }>) => {
    const principal = c.get('principal');
    return { counties: principal.role === 'auditor' ? principal.counties : [] };
  };

  app.get('/api/elections/:id/audits', (c) =>
    guard(c, async () => c.json(await workflow.list(c.req.param('id')))),
  );

  app.post('/api/elections/:id/audits', permitted, (c) =>
    guard(c, async () => {
      const body = CreateAuditSchema.safeParse(await readJson(c));
      if (!body.success)
        return apiError(c, 'bad-request', 'not a valid audit', body.error.issues.slice(0, 20));
      const view = await workflow.create({
        electionId: c.req.param('id'),
        name: body.data.name,
        riskLimit: body.data.riskLimit,
        method: body.data.method,
        contestIds: body.data.contests,
        estimator: body.data.estimator,
        supermajority: body.data.supermajority,
        actor: actor(c),
      });
      return c.json(view, 201);
    }),
  );

  app.get('/api/audits/:auditId', (c) =>
    guard(c, async () => c.json(await workflow.view(c.req.param('auditId')))),
  );

  app.post('/api/audits/:auditId/manifest', permitted, (c) =>
    guard(c, async () => {
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > MAX_MANIFEST_BYTES)
        return apiError(
          c,
          'payload-too-large',
          `manifests are limited to ${String(MAX_MANIFEST_BYTES)} bytes`,
        );
      const text = await c.req.text();
      if (text.length > MAX_MANIFEST_BYTES)
        return apiError(
          c,
          'payload-too-large',
          `manifests are limited to ${String(MAX_MANIFEST_BYTES)} bytes`,
        );
      const view = await workflow.importManifest(c.req.param('auditId'), text, actor(c));
      // A large manifest: start the ranking threads now, so they have loaded before the draw.
      if ((view.manifest?.ballots ?? 0) >= PARALLEL_RANKING_MIN_BALLOTS) ranking?.warm();
      return c.json(view);
    }),
  );

  app.post('/api/audits/:auditId/cvrs', permitted, (c) =>
    guard(c, async () => {
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > MAX_CVR_BYTES)
        return apiError(
          c,
          'payload-too-large',
          `CVR files are limited to ${String(MAX_CVR_BYTES)} bytes`,
        );
      const text = await c.req.text();
      if (text.length > MAX_CVR_BYTES)
        return apiError(
          c,
          'payload-too-large',
          `CVR files are limited to ${String(MAX_CVR_BYTES)} bytes`,
        );
      return c.json(await workflow.importCvrs(c.req.param('auditId'), text, actor(c)));
    }),
  );

  app.post('/api/audits/:auditId/batch-tallies', permitted, (c) =>
    guard(c, async () => {
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > MAX_MANIFEST_BYTES)
        return apiError(
          c,
          'payload-too-large',
          `batch tallies are limited to ${String(MAX_MANIFEST_BYTES)} bytes`,
        );
      const text = await c.req.text();
      if (text.length > MAX_MANIFEST_BYTES)
        return apiError(
          c,
          'payload-too-large',
          `batch tallies are limited to ${String(MAX_MANIFEST_BYTES)} bytes`,
        );
      return c.json(await workflow.importBatchTallies(c.req.param('auditId'), text, actor(c)));
    }),
  );

  app.post('/api/audits/:auditId/batch-entries', permitted, (c) =>
    guard(c, async () => {
      const body = BatchEntriesSchema.safeParse(await readJson(c));
      if (!body.success)
        return apiError(
          c,
          'bad-request',
          'send { "entries": [{ "batch": { county, tabulator, batch }, "votes": { contest: { choice: n } } }] }',
          body.error.issues.slice(0, 20),
        );
      return c.json(
        await workflow.enterBatchTallies(
          c.req.param('auditId'),
          body.data.entries,
          actor(c),
          scope(c),
        ),
      );
    }),
  );

  app.post('/api/audits/:auditId/seed', permitted, (c) =>
    guard(c, async () => {
      const body = SeedSchema.safeParse(await readJson(c));
      if (!body.success)
        return apiError(c, 'bad-request', 'send { "seed": "<20 or more digits>" }');
      return c.json(
        await workflow.setSeed(c.req.param('auditId'), body.data.seed.trim(), actor(c)),
      );
    }),
  );

  app.get('/api/audits/:auditId/sample-sizes', (c) =>
    guard(c, async () => {
      const view = await workflow.view(c.req.param('auditId'));
      return c.json({ next: view.next, nextRound: view.measurement?.nextRound ?? null });
    }),
  );

  app.post('/api/audits/:auditId/rounds', permitted, (c) =>
    guard(c, async () => {
      const body = RoundSchema.safeParse(await readJson(c));
      if (!body.success)
        return apiError(c, 'bad-request', 'send { "sampleSize": n } or { "option": "0.9" }');
      const choice = 'option' in body.data ? body.data.option : body.data.sampleSize;
      return c.json(await workflow.drawRound(c.req.param('auditId'), choice, actor(c)), 201);
    }),
  );

  app.get('/api/audits/:auditId/rounds/:round/retrieval', (c) =>
    guard(c, async () => {
      const county = c.req.query('county');
      if (county === undefined || county === '')
        return apiError(c, 'bad-request', 'name the county: ?county=...');
      const round = Number(c.req.param('round'));
      if (!Number.isInteger(round) || round < 1)
        return apiError(c, 'bad-request', 'the round is a whole number from 1');
      const auditId = c.req.param('auditId');
      const rows = await workflow.retrieval(auditId, round, county);
      const format = c.req.query('format') ?? 'json';
      if (format === 'csv') {
        c.header('content-type', 'text/csv; charset=utf-8');
        c.header(
          'content-disposition',
          `attachment; filename="retrieval-round-${String(round)}-${county.replace(/[^\w-]+/g, '_')}.csv"`,
        );
        return c.body(retrievalCsv(rows));
      }
      if (format === 'html') {
        const view = await workflow.view(auditId);
        return c.html(retrievalPage({ audit: view.audit, round, county, rows }));
      }
      if (format !== 'json') return apiError(c, 'bad-request', 'format takes json|csv|html');
      return c.json(rows);
    }),
  );

  app.get('/api/audits/:auditId/rounds/:round/ballots', (c) =>
    guard(c, async () => {
      const county = c.req.query('county');
      if (county === undefined || county === '')
        return apiError(c, 'bad-request', 'name the county: ?county=...');
      const round = Number(c.req.param('round'));
      if (!Number.isInteger(round) || round < 1)
        return apiError(c, 'bad-request', 'the round is a whole number from 1');
      return c.json(await workflow.roundEntries(c.req.param('auditId'), round, county));
    }),
  );

  app.post('/api/audits/:auditId/entries', permitted, (c) =>
    guard(c, async () => {
      const body = EntriesSchema.safeParse(await readJson(c));
      if (!body.success)
        return apiError(
          c,
          'bad-request',
          'not valid ballot entries',
          body.error.issues.slice(0, 20),
        );
      return c.json(
        await workflow.enter(c.req.param('auditId'), body.data.entries, actor(c), scope(c)),
      );
    }),
  );

  app.post('/api/audits/:auditId/hand-counts', permitted, (c) =>
    guard(c, async () => {
      const body = HandCountSchema.safeParse(await readJson(c));
      if (!body.success)
        return apiError(c, 'bad-request', 'send { "contest": id, "votes": { choiceId: votes } }');
      return c.json(
        await workflow.recordHandCount(
          c.req.param('auditId'),
          body.data.contest,
          body.data.votes,
          actor(c),
        ),
      );
    }),
  );

  app.get('/api/audits/:auditId/steps', (c) =>
    guard(c, async () => c.json(await workflow.steps(c.req.param('auditId')))),
  );
}

/** Turns an audit refusal into the API's error shape; anything else is a real failure. */
async function guard(
  c: Context<{ Variables: AuthVariables }>,
  run: () => Promise<Response>,
): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AuditRefusal)
      return apiError(c, error.failure.code, error.failure.message, error.failure.details);
    throw error;
  }
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}
