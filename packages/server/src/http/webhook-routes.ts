import type { Hono } from 'hono';
import { z } from 'zod';
import type { Principal } from '../auth/roles.ts';
import { KyselyStore } from '../store/kysely-store.ts';
import type { Store } from '../store/store.ts';
import { WebhookEndpoints, WebhookError } from '../webhooks/endpoints.ts';
import { deliveryLog, eventsAfter } from '../webhooks/partner-log.ts';
import { resultsAtVersion } from '../webhooks/results-at-version.ts';
import { requirePermission, type AuthVariables } from './authenticate.ts';
import { apiError } from './errors.ts';

const AddEndpointSchema = z.object({
  url: z.string().min(1).max(2000),
  events: z.array(z.string()).max(10).optional(),
  description: z.string().max(200).optional(),
  /** A state administrator may register an endpoint for a partner account. */
  user: z.string().optional(),
});

const PageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
  after: z.coerce.number().int().min(0).default(0),
  election: z.string().optional(),
});

/**
 * Partner webhook routes: register, list and remove endpoints, read an endpoint's delivery log,
 * re-fetch published events, and fetch the results of any published version.
 */
export function registerWebhookRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: { readonly store: Store },
): void {
  const store = deps.store;
  if (!(store instanceof KyselyStore)) return;
  const endpoints = new WebhookEndpoints(store.database);
  const partner = requirePermission('partner-feed');
  const owner = (principal: Principal): string | undefined =>
    principal.role === 'state-admin' ? undefined : principal.name;

  app.post('/api/webhooks', partner, async (c) => {
    const parsed = AddEndpointSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return apiError(c, 'bad-request', 'not a valid endpoint', parsed.error.issues);
    const principal = c.get('principal');
    const user =
      principal.role === 'state-admin' ? (parsed.data.user ?? principal.name) : principal.name;
    try {
      const added = await endpoints.add({
        user,
        url: parsed.data.url,
        ...(parsed.data.events === undefined ? {} : { events: parsed.data.events }),
        ...(parsed.data.description === undefined ? {} : { description: parsed.data.description }),
      });
      return c.json({ ...added.endpoint, secret: added.secret }, 201);
    } catch (error) {
      if (error instanceof WebhookError) return apiError(c, 'bad-request', error.message);
      throw error;
    }
  });

  app.get('/api/webhooks', partner, async (c) =>
    c.json(await endpoints.list(owner(c.get('principal')))),
  );

  app.get('/api/webhooks/events', partner, async (c) => {
    const page = PageSchema.safeParse(c.req.query());
    if (!page.success) return apiError(c, 'bad-request', 'bad paging', page.error.issues);
    const events = await eventsAfter(store.database, {
      after: page.data.after,
      limit: page.data.limit,
      ...(page.data.election === undefined ? {} : { electionId: page.data.election }),
    });
    return c.json({ events, next: events.at(-1)?.sequence ?? page.data.after });
  });

  app.delete('/api/webhooks/:id', partner, async (c) => {
    const id = Number(c.req.param('id'));
    const removed =
      Number.isSafeInteger(id) && (await endpoints.remove(id, owner(c.get('principal'))));
    if (!removed) return apiError(c, 'not-found', `no endpoint ${c.req.param('id')} of yours`);
    return c.json({ status: 'removed', id });
  });

  app.get('/api/webhooks/:id/deliveries', partner, async (c) => {
    const id = Number(c.req.param('id'));
    const endpoint = Number.isSafeInteger(id) ? await endpoints.get(id) : null;
    const mine = owner(c.get('principal'));
    if (endpoint === null || (mine !== undefined && endpoint.user !== mine))
      return apiError(c, 'not-found', `no endpoint ${c.req.param('id')} of yours`);
    const page = PageSchema.safeParse(c.req.query());
    if (!page.success) return apiError(c, 'bad-request', 'bad paging', page.error.issues);
    return c.json(
      await deliveryLog(store.database, id, {
        limit: page.data.limit,
        ...(page.data.before === undefined ? {} : { before: page.data.before }),
      }),
    );
  });

  // Rebuilding a version replays its submissions, so recent answers are kept (a partner that
  // missed versions tends to fetch them all, and several partners the same ones).
  const snapshots = new Map<string, { body: string; etag: string }>();
  app.get('/api/elections/:id/versions/:version', async (c) => {
    const version = c.req.param('version');
    const electionId = c.req.param('id');
    const current = await store.getElection(electionId);
    if (current === null || !/^\d{1,9}$/.test(version))
      return apiError(c, 'not-found', 'no such election or version');
    const key = `${electionId}\n${current.definitionHash}\n${version}`;
    let snapshot = snapshots.get(key);
    if (snapshot === undefined) {
      const document = await resultsAtVersion(store, electionId, Number(version));
      if (document === null) return apiError(c, 'not-found', 'no such election or version');
      snapshot = {
        body: JSON.stringify(document),
        etag: `"${current.definitionHash.slice(0, 16)}-v${version}"`,
      };
      if (snapshots.size >= 64) snapshots.delete(snapshots.keys().next().value ?? '');
      snapshots.set(key, snapshot);
    }
    const headers = {
      etag: snapshot.etag,
      'cache-control': 'public, max-age=60',
      'content-type': 'application/json; charset=utf-8',
    };
    if (c.req.header('if-none-match') === snapshot.etag)
      return new Response(null, { status: 304, headers });
    return new Response(snapshot.body, { headers });
  });
}
