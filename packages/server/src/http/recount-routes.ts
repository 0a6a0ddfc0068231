import type { Hono } from 'hono';
import { SUBMISSION_FORMATS, type SubmissionFormat } from '@canvass/core';
import { compareStoredRecount, importRecount } from '../recount/recount-service.ts';
import { listRecounts } from '../recount/recount-store.ts';
import type { Store } from '../store/store.ts';
import { requirePermission, type AuthVariables } from './authenticate.ts';
import { apiError } from './errors.ts';

/** What the recount routes need. */
export interface RecountRouteDependencies {
  readonly store: Store;
  /** Largest accepted body, as for submissions. */
  readonly maxBodyBytes: number;
}

/**
 * Registers the recount routes: record a recount of a contest (state administrators; the body
 * is the results file in any supported format), list an election's recounts, and compare one
 * with the original count per precinct and county. Recounts are public records, so reading needs
 * no account.
 */
export function registerRecountRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: RecountRouteDependencies,
): void {
  app.post(
    '/api/elections/:id/contests/:contestId/recounts',
    requirePermission('define-election'),
    async (c) => {
      const format = c.req.query('format') ?? null;
      if (format !== null && !(SUBMISSION_FORMATS as readonly string[]).includes(format))
        return apiError(c, 'bad-request', `format takes ${SUBMISSION_FORMATS.join('|')}`);
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (body.byteLength > deps.maxBodyBytes)
        return apiError(
          c,
          'payload-too-large',
          `recounts are limited to ${String(deps.maxBodyBytes)} bytes`,
        );
      if (body.byteLength === 0) return apiError(c, 'bad-request', 'the recount body is empty');
      const outcome = await importRecount({
        store: deps.store,
        electionId: c.req.param('id'),
        contestId: c.req.param('contestId'),
        bytes: body,
        sourceName: c.req.query('filename') ?? 'recount',
        format: format as SubmissionFormat | null,
        submittedBy: c.get('principal').name,
      });
      switch (outcome.status) {
        case 'recorded':
          return c.json(
            {
              status: 'recorded',
              recount: outcome.recount,
              ledger: { sequence: outcome.ledger.sequence, hash: outcome.ledger.hash },
            },
            201,
          );
        case 'duplicate':
          return c.json({ status: 'duplicate', recount: outcome.existing }, 200);
        case 'rejected':
          return apiError(
            c,
            'rejected',
            `${String(outcome.errorCount)} error(s); nothing was stored`,
            {
              errors: outcome.errors,
            },
          );
      }
    },
  );

  app.get('/api/elections/:id/recounts', async (c) => {
    const electionId = c.req.param('id');
    if ((await deps.store.getElection(electionId)) === null)
      return apiError(c, 'not-found', `no election ${electionId}`);
    return c.json(await listRecounts(deps.store, electionId, c.req.query('contest')));
  });

  app.get('/api/elections/:id/recounts/:recountId/comparison', async (c) => {
    const recountId = Number(c.req.param('recountId'));
    if (!Number.isSafeInteger(recountId) || recountId < 1)
      return apiError(c, 'bad-request', 'a recount id is a positive integer');
    const compared = await compareStoredRecount(deps.store, c.req.param('id'), recountId);
    if (!compared.ok) return apiError(c, 'not-found', compared.message);
    return c.json({ recount: compared.recount, comparison: compared.comparison });
  });
}
