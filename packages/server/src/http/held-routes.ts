import type { Context, Hono } from 'hono';
import { approveHeld, HeldDecisionError, rejectHeld } from '../gate/decide-held.ts';
import { getHeld, listHeld, type HeldSubmission } from '../gate/held-store.ts';
import type { LiveResults } from '../live/live-results.ts';
import type { Store } from '../store/store.ts';
import type { WriteLock } from '../store/write-lock.ts';
import { requirePermission, type AuthVariables } from './authenticate.ts';
import { apiError } from './errors.ts';

/** What the held-update routes need; `submissions` serialises them with other submissions. */
export interface HeldRouteDependencies {
  readonly store: Store;
  readonly live: LiveResults;
  readonly submissions: WriteLock;
}

/**
 * Registers the second-approver routes: list held updates, show one, approve or reject it. All
 * need the `approve-held` permission (state administrators).
 */
export function registerHeldRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: HeldRouteDependencies,
): void {
  const permitted = requirePermission('approve-held');

  app.get('/api/elections/:id/held', permitted, async (c) => {
    const status = c.req.query('status') ?? null;
    if (status !== null && status !== 'held' && status !== 'approved' && status !== 'rejected')
      return apiError(c, 'bad-request', 'status takes held|approved|rejected');
    return c.json(await listHeld(deps.store, c.req.param('id'), status));
  });

  app.get('/api/elections/:id/held/:heldId', permitted, async (c) => {
    const held = await heldOf(c.req.param('id'), c.req.param('heldId'));
    if (held === null) return apiError(c, 'not-found', `no held update ${c.req.param('heldId')}`);
    return c.json(held);
  });

  app.post('/api/elections/:id/held/:heldId/approve', permitted, async (c) => {
    const held = await heldOf(c.req.param('id'), c.req.param('heldId'));
    if (held === null) return apiError(c, 'not-found', `no held update ${c.req.param('heldId')}`);
    const body = await readBody(c);
    return decide(c, async () => {
      const { held: decided, outcome } = await deps.submissions.run(() =>
        approveHeld({
          store: deps.store,
          live: deps.live,
          heldId: held.id,
          approver: c.get('principal').name,
          reason: body.reason,
        }),
      );
      if (outcome.status === 'accepted')
        return c.json({
          status: 'approved',
          held: decided,
          version: outcome.election.version,
          submissionId: outcome.submission.id,
        });
      if (outcome.status === 'duplicate')
        return apiError(
          c,
          'conflict',
          `the same bytes were already accepted as submission #${outcome.existing.id}; reject this held update instead`,
        );
      return apiError(
        c,
        'rejected',
        `the held update no longer imports (${outcome.errorCount} error(s)); it stays held`,
        { errors: outcome.errors.slice(0, 20) },
      );
    });
  });

  app.post('/api/elections/:id/held/:heldId/reject', permitted, async (c) => {
    const held = await heldOf(c.req.param('id'), c.req.param('heldId'));
    if (held === null) return apiError(c, 'not-found', `no held update ${c.req.param('heldId')}`);
    const body = await readBody(c);
    if (body.reason === null || body.reason.trim() === '')
      return apiError(c, 'bad-request', 'rejecting a held update needs a reason');
    const reason = body.reason;
    return decide(c, async () => {
      const decided = await deps.submissions.run(() =>
        rejectHeld({
          store: deps.store,
          heldId: held.id,
          approver: c.get('principal').name,
          reason,
        }),
      );
      return c.json({ status: 'rejected', held: decided });
    });
  });

  async function heldOf(electionId: string, heldId: string): Promise<HeldSubmission | null> {
    if (!/^[1-9][0-9]{0,9}$/.test(heldId)) return null;
    const held = await getHeld(deps.store, Number(heldId));
    return held?.electionId === electionId ? held : null;
  }
}

async function decide(c: Context, action: () => Promise<Response>): Promise<Response> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof HeldDecisionError) return apiError(c, error.code, error.message);
    throw error;
  }
}

async function readBody(c: Context): Promise<{ reason: string | null }> {
  const type = c.req.header('content-type') ?? '';
  let body: unknown;
  try {
    body = type.includes('application/json') ? await c.req.json() : await c.req.parseBody();
  } catch {
    body = undefined;
  }
  const reason =
    typeof body === 'object' && body !== null && 'reason' in body ? body.reason : undefined;
  return { reason: typeof reason === 'string' ? reason.slice(0, 2000) : null };
}
