import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { startServer, type RunningServer } from '../http/server.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { submitCounts, temporaryStore } from '../testing/fixture-store.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
let store: SqliteStore;
let dispose: () => Promise<void>;
let running: RunningServer;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  await store.defineElection(definition);
  running = await startServer({
    store,
    logger: pino({ level: 'silent' }),
    port: 0,
    adminToken: null,
    webRoot: null,
  });
});
after(async () => {
  await running.close();
  await dispose();
});

/** Opens the event stream and collects parsed events until `count` results events arrived. */
function collect(
  headers: Record<string, string>,
  count: number,
): {
  events: Promise<{ id: string; data: { version: number; contests: string[] } }[]>;
  ready: Promise<IncomingMessage>;
} {
  let resolveReady: (response: IncomingMessage) => void = () => undefined;
  const ready = new Promise<IncomingMessage>((resolve) => {
    resolveReady = resolve;
  });
  const events = new Promise<{ id: string; data: { version: number; contests: string[] } }[]>(
    (resolve, reject) => {
      const request = httpRequest(
        `${running.url}/api/elections/test-election/events`,
        { headers },
        (response) => {
          resolveReady(response);
          const found: { id: string; data: { version: number; contests: string[] } }[] = [];
          let buffer = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            buffer += chunk;
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              end = buffer.indexOf('\n\n');
              if (!frame.includes('event: results')) continue;
              const id = /^id: (.*)$/m.exec(frame)?.[1] ?? '';
              const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? '{}') as {
                version: number;
                contests: string[];
              };
              found.push({ id, data });
              if (found.length === count) {
                request.destroy();
                resolve(found);
              }
            }
          });
        },
      );
      request.on('error', (error) => {
        if (!request.destroyed) reject(error);
      });
      request.end();
    },
  );
  return { events, ready };
}

describe('event stream', () => {
  it('sends one event per new version, naming the contests that changed', async () => {
    const { events, ready } = collect({}, 1);
    const response = await ready;
    assert.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const submission = await submitCounts(store, definition, [
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 10 },
    ]);
    await running.live.applyAccepted(submission);
    const [event] = await events;
    assert.equal(event?.id, '1');
    assert.equal(event.data.version, 1);
    assert.deepEqual(event.data.contests, ['mayor']);
  });

  it('resumes after a reconnect with Last-Event-ID and misses nothing', async () => {
    for (const value of [20, 30]) {
      const submission = await submitCounts(store, definition, [
        { unit: 'adams/p2', contest: 'Mayor', target: 'Ben', value },
      ]);
      await running.live.applyAccepted(submission);
    }
    const { events } = collect({ 'last-event-id': '1' }, 2);
    assert.deepEqual(
      (await events).map((event) => event.data.version),
      [2, 3],
    );
  });

  it('serves the results document on the fast path with the same ETag as the API', async () => {
    const fast = await fetch(`${running.url}/api/elections/test-election/results`);
    const viaApp = await fetch(`${running.url}/api/elections/test-election/results?via=app`);
    assert.equal(fast.status, 200);
    assert.equal(fast.headers.get('etag'), viaApp.headers.get('etag'));
    assert.deepEqual(await fast.json(), await viaApp.json());
    const notModified = await fetch(`${running.url}/api/elections/test-election/results`, {
      headers: { 'if-none-match': fast.headers.get('etag') ?? '' },
    });
    assert.equal(notModified.status, 304);
  });
});
