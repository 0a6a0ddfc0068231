import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import type { AuthVariables } from '../http/authenticate.ts';
import { createApp } from '../http/app.ts';
import { registerEmbedRoutes } from '../http/embed-routes.ts';
import { LiveResults } from '../live/live-results.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { submitCounts, temporaryStore } from '../testing/fixture-store.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada Alvarez', "Ben O'Brien & <Sons>"] }],
});

let store: SqliteStore;
let dispose: () => Promise<void>;
let live: LiveResults;
let app: ReturnType<typeof createApp>;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  await store.defineElection(definition);
  await submitCounts(store, definition, [
    { unit: 'adams/p1', contest: 'Mayor', target: 'Ada Alvarez', value: 1200 },
    { unit: 'adams/p1', contest: 'Mayor', target: "Ben O'Brien & <Sons>", value: 800 },
  ]);
  live = await LiveResults.load(store);
  app = createApp({
    store,
    live,
    logger: pino({ level: 'silent' }),
    adminToken: null,
    accounts: null,
  });
});
after(async () => {
  await dispose();
});

describe('contest embed', () => {
  it('is a page with a real table of the figures, escaped, and a script to keep it live', async () => {
    const response = await app.request('/embed/test-election/mayor');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(
      html,
      /<th scope="row">Ada Alvarez<\/th><td><\/td><td class="num" data-field="votes">1,200<\/td><td class="num" data-field="share">60\.0%<\/td>/,
    );
    assert.match(html, /Ben O&#39;Brien &amp; &lt;Sons&gt;/);
    assert.doesNotMatch(html, /<Sons>/);
    assert.match(html, /data-field="total">2,000</);
    assert.match(html, /1 of 3 precincts reporting \(33\.3%\)/);
    assert.match(html, /data-version="1"/);
    assert.match(html, /<script src="\/embed\/embed\.js" defer><\/script>/);
    // The call slot is there, empty until a race is called.
    assert.match(html, /<span class="badge call" data-slot="call" hidden><\/span>/);
    assert.match(html, /data-slot="recount"/);
  });

  it('may be framed by any site, while the rest of the app may not', async () => {
    const embed = await app.request('/embed/test-election/mayor');
    assert.equal(embed.headers.get('x-frame-options'), null);
    assert.match(embed.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
    assert.match(embed.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const api = await app.request('/api/elections');
    assert.equal(api.headers.get('x-frame-options'), 'SAMEORIGIN');
    const script = await app.request('/embed/embed.js');
    assert.equal(script.status, 200);
    assert.match(await script.text(), /new EventSource/);
  });

  it('serves the fragment the script swaps in, with an ETag that yields 304', async () => {
    const response = await app.request('/embed/test-election/mayor?fragment=1');
    const fragment = await response.text();
    assert.ok(fragment.startsWith('<div class="badges">'));
    assert.doesNotMatch(fragment, /<html/);
    const etag = response.headers.get('etag') ?? '';
    const again = await app.request('/embed/test-election/mayor?fragment=1', {
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.status, 304);
    assert.equal((await app.request('/embed/test-election/nope')).status, 404);
  });

  it('fills the call slot and marks the winner when the race is called', async () => {
    const called = new Hono<{ Variables: AuthVariables }>();
    registerEmbedRoutes(
      called,
      { live },
      {
        call: () => ({
          winners: ['ada-alvarez'],
          calledAt: '2026-11-04T03:00:00Z',
          by: 'Decision desk',
        }),
      },
    );
    const html = await (await called.request('/embed/test-election/mayor')).text();
    assert.match(
      html,
      /<span class="badge call" data-slot="call">Called: Ada Alvarez \(Decision desk\)<\/span>/,
    );
    assert.match(
      html,
      /<tr data-choice="ada-alvarez" class="winner"><th scope="row">Ada Alvarez <span class="check" aria-label="winner">✓<\/span>/,
    );
  });
});
