import type { Hono } from 'hono';
import type { LiveResults } from '../live/live-results.ts';
import type { LiveProjections } from '../projection/live-projections.ts';
import type { AuthVariables } from './authenticate.ts';
import { apiError } from './errors.ts';

/**
 * `GET /api/elections/:id/projections`: per configured contest the expected vote, the projected
 * margin with its 90% and 99% intervals, and the call with its reason and event history. An
 * election without configured contests has an empty list.
 */
export function registerProjectionRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: { readonly live: LiveResults; readonly projections?: LiveProjections | undefined },
): void {
  app.get('/api/elections/:id/projections', (c) => {
    const id = c.req.param('id');
    const contests =
      deps.projections === undefined
        ? deps.live.election(id) === undefined
          ? null
          : []
        : deps.projections.document(id);
    if (contests === null) return apiError(c, 'not-found', `no election ${id}`);
    c.header('cache-control', 'no-cache');
    return c.json({ electionId: id, contests });
  });
}
