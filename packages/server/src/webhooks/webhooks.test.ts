import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts } from '../auth/accounts.ts';
import { createApp } from '../http/app.ts';
import { LiveResults } from '../live/live-results.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { submitCounts } from '../testing/fixture-store.ts';
import { storeEngines } from '../testing/store-engines.ts';
import { startWebhookReceiver, type ReceivedRequest } from '../testing/webhook-receiver.ts';
import { WebhookDispatcher } from './dispatcher.ts';
import { WebhookEndpoints } from './endpoints.ts';
import type { PartnerEvent } from './event-types.ts';
import { publishPartnerEvent } from './outbox.ts';
import { deliveryLog } from './partner-log.ts';
import { verifySignature } from './signature.ts';
import { startWebhooks, type WebhookSettings } from './start-webhooks.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const logger = pino({ level: 'silent' });
const FAST: WebhookSettings = {
  retry: { baseMs: 80, maxMs: 5_000, maxAttempts: 4 },
  leaseMs: 5_000,
  timeoutMs: 2_000,
  pollMs: 50,
};

/**
 * The receiver's check, written from docs/webhooks.md alone: HMAC-SHA256 keyed by the secret over
 * `<canvass-timestamp>.<raw body>`, hex, compared in constant time with the `v1=` value, and the
 * timestamp within five minutes of now.
 */
function verifyAsDocumented(secret: string, request: ReceivedRequest): boolean {
  const timestamp = request.headers['canvass-timestamp'];
  const header = request.headers['canvass-signature'];
  if (typeof timestamp !== 'string' || typeof header !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret)
    .update(`${timestamp}.${request.body}`)
    .digest('hex');
  return header.split(',').some((part) => {
    const given = part.trim().replace(/^v1=/, '');
    return (
      part.trim().startsWith('v1=') &&
      given.length === expected.length &&
      timingSafeEqual(Buffer.from(given), Buffer.from(expected))
    );
  });
}

async function setUp(store: KyselyStore): Promise<{ live: LiveResults; partnerToken: string }> {
  await store.defineElection(definition);
  const accounts = new Accounts(store.database);
  await accounts.addUser({ name: 'newsroom', role: 'partner' });
  const { token } = await accounts.createToken('newsroom', 'hooks');
  return { live: await LiveResults.load(store), partnerToken: token };
}

for (const engine of storeEngines()) {
  describe(`partner webhooks (${engine.name})`, () => {
    after(async () => {
      await engine.cleanup();
    });

    it('delivers a signed results.version event that verifies by the documented recipe', async () => {
      const store = await engine.open();
      const receiver = await startWebhookReceiver();
      const { live } = await setUp(store);
      const { secret } = await new WebhookEndpoints(store.database).add({
        user: 'newsroom',
        url: receiver.url,
      });
      const webhooks = await startWebhooks({
        database: store.database,
        live,
        logger,
        settings: FAST,
      });
      try {
        const submission = await submitCounts(store as unknown as SqliteStore, definition, [
          { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 120 },
          { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 80 },
        ]);
        await live.applyAccepted(submission);
        const [request] = await receiver.waitFor(1);
        assert.ok(request !== undefined);
        assert.equal(verifyAsDocumented(secret, request), true);
        assert.equal(verifyAsDocumented('whsec_wrong', request), false);
        assert.equal(
          verifyAsDocumented(secret, { ...request, body: request.body.replace('1', '2') }),
          false,
        );
        const event = JSON.parse(request.body) as PartnerEvent;
        assert.equal(event.type, 'results.version');
        assert.equal(event.electionId, 'test-election');
        assert.equal(event.data['version'], 1);
        assert.deepEqual(event.data['contests'], ['mayor']);
        assert.equal(request.headers['canvass-event-id'], event.id);
        assert.equal(request.headers['canvass-delivery-attempt'], '1');
        // The exported helper agrees with the recipe and refuses a replay outside the window.
        const check = {
          secret,
          timestamp: request.headers['canvass-timestamp'] as string,
          signature: request.headers['canvass-signature'] as string,
          body: request.body,
        };
        assert.equal(verifySignature(check), null);
        assert.equal(
          verifySignature({ ...check, nowSeconds: Number(check.timestamp) + 301 }),
          'stale',
        );
        assert.equal(verifySignature({ ...check, body: `${request.body} ` }), 'mismatch');
      } finally {
        await webhooks.stop();
        await receiver.close();
        await store.close();
      }
    });

    it('retries failures with exponential backoff and logs every attempt', async () => {
      const store = await engine.open();
      const receiver = await startWebhookReceiver();
      receiver.answers = [500, 503, 200];
      const { live, partnerToken } = await setUp(store);
      const app = createApp({
        store,
        live,
        logger,
        adminToken: null,
        accounts: new Accounts(store.database),
      });
      const added = await app.request('/api/webhooks', {
        method: 'POST',
        headers: { authorization: `Bearer ${partnerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url, events: ['race.call'] }),
      });
      assert.equal(added.status, 201);
      const endpoint = (await added.json()) as { id: number; secret: string };
      const webhooks = await startWebhooks({
        database: store.database,
        live,
        logger,
        settings: FAST,
      });
      try {
        const published = await publishPartnerEvent(store, {
          type: 'race.call',
          electionId: 'test-election',
          data: { contestId: 'mayor', winner: 'Ada' },
          dedupeKey: 'race.call:test-election:mayor:1',
        });
        assert.equal(published.deliveries, 1);
        const again = await publishPartnerEvent(store, {
          type: 'race.call',
          electionId: 'test-election',
          data: { contestId: 'mayor', winner: 'Ada' },
          dedupeKey: 'race.call:test-election:mayor:1',
        });
        assert.equal(again.event, null);
        // Not subscribed to audit rounds: nothing is owed for this one.
        const other = await publishPartnerEvent(store, {
          type: 'audit.round',
          electionId: 'test-election',
          data: { round: 1 },
        });
        assert.equal(other.deliveries, 0);

        const requests = await receiver.waitFor(3);
        assert.deepEqual(
          requests.map((request) => request.headers['canvass-delivery-attempt']),
          ['1', '2', '3'],
        );
        assert.equal(
          new Set(requests.map((request) => request.headers['canvass-event-id'])).size,
          1,
        );
        for (const request of requests)
          assert.equal(verifyAsDocumented(endpoint.secret, request), true);
        const [first, second, third] = requests.map((request) => request.at);
        assert.ok(first !== undefined && second !== undefined && third !== undefined);
        assert.ok(second - first >= FAST.retry.baseMs, `first retry after ${second - first} ms`);
        assert.ok(
          third - second >= 2 * FAST.retry.baseMs,
          `second retry after ${third - second} ms`,
        );

        let log: {
          status: string;
          attempts: { statusCode: number | null; error: string | null }[];
        }[] = [];
        for (let i = 0; i < 50; i++) {
          const response = await app.request(`/api/webhooks/${endpoint.id}/deliveries`, {
            headers: { authorization: `Bearer ${partnerToken}` },
          });
          assert.equal(response.status, 200);
          log = (await response.json()) as typeof log;
          if (log[0]?.status === 'delivered') break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal(log.length, 1);
        assert.equal(log[0]?.status, 'delivered');
        assert.deepEqual(
          log[0].attempts.map((attempt) => attempt.statusCode),
          [500, 503, 200],
        );
        assert.match(log[0].attempts[0]?.error ?? '', /HTTP 500/);

        // A missed event can be fetched again, in order, from the event log.
        const events = await app.request('/api/webhooks/events?after=0', {
          headers: { authorization: `Bearer ${partnerToken}` },
        });
        const page = (await events.json()) as { events: { event: PartnerEvent }[] };
        assert.deepEqual(
          page.events.map((item) => item.event.type),
          ['race.call', 'audit.round'],
        );
        assert.equal(page.events[0]?.event.id, requests[0]?.headers['canvass-event-id']);
      } finally {
        await webhooks.stop();
        await receiver.close();
        await store.close();
      }
    });

    it('marks a delivery failed after the last attempt', async () => {
      const store = await engine.open();
      const receiver = await startWebhookReceiver();
      receiver.fallback = 500;
      const { live } = await setUp(store);
      await new WebhookEndpoints(store.database).add({ user: 'newsroom', url: receiver.url });
      const settings = { ...FAST, retry: { baseMs: 20, maxMs: 40, maxAttempts: 3 } };
      const webhooks = await startWebhooks({ database: store.database, live, logger, settings });
      try {
        await publishPartnerEvent(store, {
          type: 'recount.status',
          electionId: 'test-election',
          data: { status: 'requested' },
        });
        await receiver.waitFor(3);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(receiver.received.length, 3);
        const [endpoint] = await new WebhookEndpoints(store.database).list();
        const log = await deliveryLog(store.database, endpoint?.id ?? -1, { limit: 10 });
        assert.equal(log[0]?.status, 'failed');
        assert.equal(log[0].attempts.length, 3);
      } finally {
        await webhooks.stop();
        await receiver.close();
        await store.close();
      }
    });

    it('sends each delivery once when two dispatchers share the database', async () => {
      const store = await engine.open();
      const receiver = await startWebhookReceiver();
      await setUp(store);
      const endpoints = new WebhookEndpoints(store.database);
      await endpoints.add({ user: 'newsroom', url: `${receiver.url}?a` });
      await endpoints.add({ user: 'newsroom', url: `${receiver.url}?b` });
      for (let i = 0; i < 15; i++)
        await publishPartnerEvent(store, {
          type: 'audit.round',
          electionId: 'test-election',
          data: { round: i },
        });
      // Two nodes' dispatchers racing for the same outbox.
      const nodes = [0, 1].map(
        () => new WebhookDispatcher({ database: store.database, logger, ...FAST }),
      );
      try {
        await Promise.all(nodes.map((node) => node.deliverDue()));
        await Promise.all(nodes.map((node) => node.deliverDue()));
        const keys = receiver.received.map(
          (request) => `${String(request.headers['canvass-event-id'])}:${request.url}`,
        );
        assert.equal(keys.length, 30);
        assert.equal(new Set(keys).size, 30);
      } finally {
        await Promise.all(nodes.map((node) => node.stop()));
        await receiver.close();
        await store.close();
      }
    });

    it('announces on start a version committed while webhooks were not running', async () => {
      const store = await engine.open();
      const receiver = await startWebhookReceiver();
      const { live } = await setUp(store);
      await new WebhookEndpoints(store.database).add({ user: 'newsroom', url: receiver.url });
      const first = await startWebhooks({ database: store.database, live, logger, settings: FAST });
      await live.applyAccepted(
        await submitCounts(store as unknown as SqliteStore, definition, [
          { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 10 },
        ]),
      );
      await receiver.waitFor(1);
      await first.stop();
      // Committed, but the process "died" before announcing it.
      await submitCounts(store as unknown as SqliteStore, definition, [
        { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 7 },
      ]);
      const reloaded = await LiveResults.load(store);
      const second = await startWebhooks({
        database: store.database,
        live: reloaded,
        logger,
        settings: FAST,
      });
      try {
        const requests = await receiver.waitFor(2);
        const event = JSON.parse(requests[1]?.body ?? '{}') as PartnerEvent;
        assert.equal(event.data['version'], 2);
        // The snapshot the event points to holds version 1's figures as they were.
        const app = createApp({ store, live: reloaded, logger, adminToken: null, accounts: null });
        const snapshot = await app.request('/api/elections/test-election/versions/1');
        assert.equal(snapshot.status, 200);
        const document = (await snapshot.json()) as {
          version: number;
          contests: { choices: { votes: number }[] }[];
        };
        assert.equal(document.version, 1);
        assert.deepEqual(
          document.contests[0]?.choices.map((choice) => choice.votes),
          [10, 0],
        );
        assert.equal((await app.request('/api/elections/test-election/versions/3')).status, 404);
        const revalidated = await app.request('/api/elections/test-election/versions/1', {
          headers: { 'if-none-match': snapshot.headers.get('etag') ?? '' },
        });
        assert.equal(revalidated.status, 304);
      } finally {
        await second.stop();
        await receiver.close();
        await store.close();
      }
    });
  });
}

describe('webhook endpoint rules', () => {
  let store: KyselyStore;
  const engine = storeEngines()[0];
  before(async () => {
    assert.ok(engine !== undefined);
    store = await engine.open();
  });
  after(async () => {
    await store.close();
    await engine?.cleanup();
  });

  it('refuses non-partners, bad URLs and unknown event types with a reason', async () => {
    const accounts = new Accounts(store.database);
    await accounts.addUser({ name: 'clerk', role: 'county-official', counties: ['Adams'] });
    await accounts.addUser({ name: 'wire', role: 'partner' });
    const endpoints = new WebhookEndpoints(store.database);
    await assert.rejects(
      endpoints.add({ user: 'clerk', url: 'https://example.org/h' }),
      /partners/,
    );
    await assert.rejects(
      endpoints.add({ user: 'wire', url: 'ftp://example.org/h' }),
      /http or https/,
    );
    await assert.rejects(
      endpoints.add({ user: 'wire', url: 'https://example.org/h', events: ['race.cal'] }),
      /unknown event type race\.cal/,
    );
    const { token } = await accounts.createToken('clerk', 'x');
    const live = await LiveResults.load(store);
    const app = createApp({ store, live, logger, adminToken: null, accounts });
    const refused = await app.request('/api/webhooks', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://example.org/h' }),
    });
    assert.equal(refused.status, 403);
    const added = await endpoints.add({ user: 'wire', url: 'https://example.org/h' });
    assert.equal((await endpoints.list('wire')).length, 1);
    await publishPartnerEvent(store, { type: 'race.call', electionId: 'e', data: {} });
    assert.equal(await endpoints.remove(added.endpoint.id, 'someone-else'), false);
    assert.equal(await endpoints.remove(added.endpoint.id, 'wire'), true);
    assert.equal((await endpoints.list('wire')).length, 0);
    // What it was owed is cancelled, never sent; the log keeps it.
    const log = await deliveryLog(store.database, added.endpoint.id, { limit: 10 });
    assert.deepEqual(
      log.map((entry) => [entry.type, entry.status, entry.attempts.length]),
      [['race.call', 'cancelled', 0]],
    );
  });
});
