import type { Context } from 'hono';
import type { CachedDocument } from '../live/cached-document.ts';

/** How long a CDN or browser may reuse a results document before revalidating. */
export const RESULTS_CACHE_CONTROL = 'public, max-age=2, stale-while-revalidate=5';

/**
 * Sends a cached document with its ETag, or 304 when the reader already has this version.
 */
export function documentResponse(c: Context, document: CachedDocument): Response {
  const headers = {
    etag: document.etag,
    'cache-control': RESULTS_CACHE_CONTROL,
    'content-type': 'application/json; charset=utf-8',
  };
  if (c.req.header('if-none-match') === document.etag)
    return new Response(null, { status: 304, headers });
  return new Response(document.body, { status: 200, headers });
}
