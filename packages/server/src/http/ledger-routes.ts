import { PassThrough, Readable } from 'node:stream';
import type { Hono } from 'hono';
import { writeElectionArchive } from '../archive/election-archive.ts';
import type { Store } from '../store/store.ts';
import type { AuthVariables } from './authenticate.ts';
import { apiError } from './errors.ts';

/**
 * Registers the public integrity routes: the signing public key, an election's whole ledger,
 * and its downloadable archive (restore it anywhere and run `canvass verify --public-key`); the
 * public archive leaves out partners' delivery bookkeeping, which `canvass backup` keeps.
 */
export function registerLedgerRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: { readonly store: Store },
): void {
  app.get('/api/ledger/public-key', (c) =>
    c.body(deps.store.publicKeyPem, 200, { 'content-type': 'application/x-pem-file' }),
  );

  app.get('/api/elections/:id/ledger', async (c) => {
    const electionId = c.req.param('id');
    if ((await deps.store.getElection(electionId)) === null)
      return apiError(c, 'not-found', `no election ${electionId}`);
    return c.json({
      electionId,
      publicKeyPem: deps.store.publicKeyPem,
      records: await deps.store.listLedger(electionId),
    });
  });

  app.get('/api/elections/:id/archive', async (c) => {
    const electionId = c.req.param('id');
    if ((await deps.store.getElection(electionId)) === null)
      return apiError(c, 'not-found', `no election ${electionId}`);
    const out = new PassThrough();
    writeElectionArchive(deps.store, electionId, out, { scope: 'public' }).catch(
      (error: unknown) => {
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return c.body(Readable.toWeb(out) as ReadableStream<Uint8Array>, 200, {
      'content-type': 'application/gzip',
      'content-disposition': `attachment; filename="${electionId.replace(/[^\w.-]/g, '_')}.canvass.gz"`,
    });
  });
}
