import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { apFeed, type ApFeedSources } from '../feeds/ap-feed.ts';
import type { LiveElection } from '../live/live-election.ts';
import type { LiveResults } from '../live/live-results.ts';
import type { AuthVariables } from './authenticate.ts';
import { RESULTS_CACHE_CONTROL } from './document-response.ts';
import { apiError } from './errors.ts';

interface FeedCache {
  version: number;
  definitionHash: string;
  revision: string;
  bodies: Map<string, { body: string; etag: string }>;
}

/**
 * `GET /api/feeds/ap/:electionId`: the AP-style feed, with `since` (or `minDateTime`) for changes
 * only, `level=state|ru`, `raceID=a,b`, and an ETag per version and query (304 when unchanged).
 */
export function registerApFeedRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: { readonly live: LiveResults },
  sources: ApFeedSources = {},
): void {
  const caches = new WeakMap<LiveElection, FeedCache>();

  app.get('/api/feeds/ap/:electionId', (c) => {
    const election = deps.live.election(c.req.param('electionId'));
    if (election === undefined)
      return apiError(c, 'not-found', `no election ${c.req.param('electionId')}`);
    const query = c.req.query();
    const level = query['level'] ?? 'ru';
    if (level !== 'state' && level !== 'ru')
      return apiError(c, 'bad-request', `level takes state or ru, not ${level}`);
    let since: number | null = null;
    const sinceText = query['since'];
    const minDateTime = query['minDateTime'];
    if (sinceText !== undefined) {
      if (!/^\d{1,9}$/.test(sinceText))
        return apiError(c, 'bad-request', `since takes a version number, not ${sinceText}`);
      since = Number(sinceText);
    } else if (minDateTime !== undefined) {
      const at = Date.parse(minDateTime);
      if (Number.isNaN(at) || !/[zZ]|[+-]\d\d:?\d\d$/.test(minDateTime))
        return apiError(
          c,
          'bad-request',
          `minDateTime takes an ISO 8601 time with a zone (e.g. 2026-11-04T03:12:44Z), not ${minDateTime}`,
        );
      since = election.events.filter((event) => Date.parse(event.at) <= at).length;
    }
    const raceIds =
      query['raceID'] === undefined || query['raceID'] === ''
        ? null
        : new Set(query['raceID'].split(','));
    let cache = caches.get(election);
    const revision = sources.revision?.(election.id) ?? '';
    if (
      cache?.version !== election.version ||
      cache.definitionHash !== election.definitionHash ||
      cache.revision !== revision
    ) {
      cache = {
        version: election.version,
        definitionHash: election.definitionHash,
        revision,
        bodies: new Map(),
      };
      caches.set(election, cache);
    }
    const url = new URL(c.req.url);
    const key = JSON.stringify([
      url.origin,
      since,
      level,
      raceIds === null ? null : [...raceIds].sort(),
    ]);
    let cached = cache.bodies.get(key);
    if (cached === undefined) {
      const body = JSON.stringify(
        apFeed(election, { since, level, raceIds, url: `${url.origin}${url.pathname}` }, sources),
      );
      const digest = createHash('sha256').update(key).update(revision).digest('hex').slice(0, 8);
      cached = {
        body,
        etag: `"ap-${election.definitionHash.slice(0, 12)}-${election.version}-${digest}"`,
      };
      // A feed is read with few distinct queries; the bound only guards against odd clients.
      if (cache.bodies.size < 256) cache.bodies.set(key, cached);
    }
    const headers = {
      etag: cached.etag,
      'cache-control': RESULTS_CACHE_CONTROL,
      'content-type': 'application/json; charset=utf-8',
    };
    if (c.req.header('if-none-match') === cached.etag)
      return new Response(null, { status: 304, headers });
    return new Response(cached.body, { status: 200, headers });
  });
}
