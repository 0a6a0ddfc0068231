import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts, deliveryLog, openSqliteStore, WebhookEndpoints } from '@canvass/server';
import { main } from '../main.ts';

const BIN = fileURLToPath(new URL('../../bin/canvass.js', import.meta.url));
const TOKEN = 'restart-admin-token';
const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A partner's receiver: the first request is never answered, later ones get 200. */
async function hangingOnceReceiver(): Promise<{
  url: string;
  received: Received[];
  next(): Promise<Received>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const waiting: ((request: Received) => void)[] = [];
  const hung: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      if (received.length === 1) hung.push(response);
      else response.writeHead(200).end();
      waiting.shift()?.(entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/canvass`,
    received,
    next: () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error('no delivery arrived'));
        }, 15_000);
        waiting.push((request) => {
          clearTimeout(timer);
          resolve(request);
        });
      }),
    close: async () => {
      for (const response of hung) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** Runs `canvass serve` in its own process and resolves with its URL once it listens. */
async function serveProcess(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--port', '0', '--admin-token', TOKEN],
    {
      env: {
        ...process.env,
        CANVASS_WEBHOOK_POLL_MS: '100',
        CANVASS_WEBHOOK_RETRY_BASE_MS: '100',
        CANVASS_WEBHOOK_LEASE_MS: '300',
        CANVASS_WEBHOOK_TIMEOUT_MS: '60000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /serving (http:\/\/\S+)/.exec(text);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => {
      reject(new Error(`canvass serve exited with ${String(code)}`));
    });
  });
  return { child, url };
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.on('exit', () => {
      resolve();
    });
    child.kill(signal);
  });
}

describe('webhook outbox across a killed server', () => {
  let dir: string;
  let db: string;
  let secret: string;
  let partnerToken: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canvass-webhooks-'));
    db = join(dir, 'canvass.db');
    const store = await openSqliteStore(db);
    await store.defineElection(definition);
    const accounts = new Accounts(store.database);
    await accounts.addUser({ name: 'newsroom', role: 'partner' });
    partnerToken = (await accounts.createToken('newsroom', 'hooks')).token;
    await store.close();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('manages endpoints with canvass webhooks add|list|remove', async () => {
    const output: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string) => {
      output.push(chunk);
      return true;
    };
    try {
      assert.equal(
        await main([
          'node',
          'canvass',
          'webhooks',
          'add',
          'https://example.org/a',
          '--user',
          'newsroom',
          '--event',
          'race.call',
          '--db',
          db,
        ]),
        0,
      );
      assert.equal(await main(['node', 'canvass', 'webhooks', 'list', '--db', db]), 0);
      assert.equal(await main(['node', 'canvass', 'webhooks', 'remove', '1', '--db', db]), 0);
      assert.equal(await main(['node', 'canvass', 'webhooks', 'remove', '1', '--db', db]), 1);
    } finally {
      process.stdout.write = write;
    }
    const text = output.join('');
    assert.match(text, /Added endpoint 1 for newsroom: https:\/\/example\.org\/a \(race\.call\)/);
    assert.match(text, /Signing secret \(shown once\): whsec_\S{43}/);
    assert.match(text, /^1\tnewsroom\thttps:\/\/example\.org\/a\trace\.call\t/m);
    assert.match(text, /Removed endpoint 1/);
  });

  it('delivers after a restart an event whose delivery was cut off by SIGKILL', async () => {
    const receiver = await hangingOnceReceiver();
    const store = await openSqliteStore(db);
    secret = (
      await new WebhookEndpoints(store.database).add({ user: 'newsroom', url: receiver.url })
    ).secret;
    await store.close();
    let running: ChildProcess | null = null;
    try {
      const first = await serveProcess(db);
      running = first.child;
      const arrived = receiver.next();
      const submitted = await fetch(`${first.url}/api/elections/test-election/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
        body: 'county,precinct,office,district,party,candidate,votes\nAdams,P1,Mayor,,,Ada,41\n',
      });
      assert.equal(submitted.status, 201);
      const cutOff = await arrived;
      await killed(first.child, 'SIGKILL');
      running = null;

      // Queued and attempted, but never acknowledged: the outbox still owes it.
      const between = await openSqliteStore(db);
      const endpointId = (await new WebhookEndpoints(between.database).list())[0]?.id ?? -1;
      const owed = await deliveryLog(between.database, endpointId, { limit: 10 });
      await between.close();
      assert.deepEqual(
        owed.map((entry) => [entry.type, entry.status, entry.attempts.length]),
        [['results.version', 'pending', 0]],
      );

      const second = await serveProcess(db);
      running = second.child;
      const redelivered = await receiver.next();
      assert.equal(redelivered.headers['canvass-event-id'], cutOff.headers['canvass-event-id']);
      assert.equal(redelivered.body, cutOff.body);
      const timestamp = String(redelivered.headers['canvass-timestamp']);
      const expected = createHmac('sha256', secret)
        .update(`${timestamp}.${redelivered.body}`)
        .digest('hex');
      assert.equal(redelivered.headers['canvass-signature'], `v1=${expected}`);
      const event = JSON.parse(redelivered.body) as { type: string; data: { version: number } };
      assert.equal(event.type, 'results.version');
      assert.equal(event.data.version, 1);

      let status = '';
      for (let i = 0; i < 50 && status !== 'delivered'; i++) {
        const response = await fetch(`${second.url}/api/webhooks/${endpointId}/deliveries`, {
          headers: { authorization: `Bearer ${partnerToken}` },
        });
        status = ((await response.json()) as { status: string }[])[0]?.status ?? '';
        if (status !== 'delivered') await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(status, 'delivered');
      assert.equal(receiver.received.length, 2);
    } finally {
      if (running !== null) await killed(running, 'SIGTERM');
      await receiver.close();
    }
  });
});
