import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { CachedDocument } from '../live/cached-document.ts';
import type { LiveResults } from '../live/live-results.ts';
import { EMBED_SCRIPT } from '../embeds/embed-script.ts';
import {
  renderEmbedFragment,
  renderEmbedPage,
  type EmbedModel,
  type EmbedSources,
} from '../embeds/render-embed.ts';
import type { AuthVariables } from './authenticate.ts';
import { RESULTS_CACHE_CONTROL } from './document-response.ts';

/** Path of the embed script. */
export const EMBED_SCRIPT_PATH = '/embed/embed.js';

// Partner sites frame the embed, so it allows any ancestor; everything else stays locked down.
const EMBED_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-resource-policy': 'cross-origin',
};

type ContestEnvelope = Omit<EmbedModel, 'electionId' | 'call' | 'electionName'> & {
  readonly election: { readonly name: string };
  readonly contests: readonly EmbedModel['contest'][];
};

/**
 * The per-contest embed for partner sites: `/embed/:electionId/:contestId` is a page to put in an
 * iframe (a plain table that reads without JavaScript, with call and recount badge slots), kept
 * live by `/embed/embed.js` from the event stream; `?fragment=1` is the part the script swaps.
 */
export function registerEmbedRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: { readonly live: LiveResults },
  sources: EmbedSources = {},
): void {
  const parsed = new WeakMap<CachedDocument, ContestEnvelope>();

  app.get(EMBED_SCRIPT_PATH, () => {
    return new Response(EMBED_SCRIPT, {
      headers: {
        ...EMBED_HEADERS,
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=300',
      },
    });
  });

  app.get('/embed/:electionId/:contestId', (c) => {
    const election = deps.live.election(c.req.param('electionId'));
    const document = election?.contest(c.req.param('contestId'));
    if (election === undefined || document == null)
      return new Response('No such election or contest.\n', {
        status: 404,
        headers: { ...EMBED_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
      });
    let envelope = parsed.get(document);
    if (envelope === undefined) {
      envelope = JSON.parse(document.body.toString('utf8')) as ContestEnvelope;
      parsed.set(document, envelope);
    }
    const contest = envelope.contests[0];
    if (contest === undefined) throw new Error('a contest document without its contest');
    const call = sources.call?.(election.id, contest.id) ?? null;
    const model: EmbedModel = {
      electionId: election.id,
      electionName: envelope.election.name,
      version: envelope.version,
      updatedAt: envelope.updatedAt,
      status: envelope.status,
      contest,
      call,
    };
    const fragment = c.req.query('fragment') === '1';
    const etag = `"embed-${document.etag.replaceAll('"', '')}-${fragment ? 'f' : 'p'}-${createHash('sha256').update(JSON.stringify(call)).digest('hex').slice(0, 8)}"`;
    const headers = {
      ...EMBED_HEADERS,
      etag,
      'cache-control': RESULTS_CACHE_CONTROL,
      'content-type': 'text/html; charset=utf-8',
    };
    if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(
      fragment ? renderEmbedFragment(model) : renderEmbedPage(model, EMBED_SCRIPT_PATH),
      { headers },
    );
  });
}
