import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { buildDefinition } from '@canvass/core/testing';
import {
  openEventStream,
  startServeProcess,
  type EventStreamClient,
  type ServeProcess,
} from '../testing/serve-process.ts';

const url = process.env['TEST_DATABASE_URL'] ?? '';
const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'], Baker: ['Q1', 'Q2'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const TOKEN = randomBytes(16).toString('hex');
const schema = `canvass_cluster_${randomBytes(4).toString('hex')}`;

describe(
  'two canvass serve nodes on one PostgreSQL',
  { skip: url === '' ? 'TEST_DATABASE_URL is not set' : false },
  () => {
    let dir: string;
    let nodes: ServeProcess[] = [];
    const streams: EventStreamClient[] = [];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'canvass-cluster-'));
      const env = {
        DATABASE_URL: url,
        CANVASS_DB_SCHEMA: schema,
        CANVASS_SIGNING_KEY: join(dir, 'signing-key.pem'),
        CANVASS_ADMIN_TOKEN: TOKEN,
      };
      // The first node migrates the schema and creates the shared key; the second finds both.
      nodes.push(await startServeProcess({ env }));
      nodes.push(await startServeProcess({ env }));
    });
    after(async () => {
      for (const stream of streams) stream.close();
      await Promise.all(nodes.map((node) => node.stop()));
      nodes = [];
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    });

    const submit = async (node: ServeProcess, body: string): Promise<number> => {
      const response = await fetch(`${node.url}/api/elections/${definition.id}/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
        body: `county,precinct,office,district,party,candidate,votes\n${body}`,
      });
      const answer = (await response.json()) as { version?: number };
      assert.equal(response.status, 201, JSON.stringify(answer));
      return answer.version ?? -1;
    };
    const versions = async (node: ServeProcess) =>
      (
        (await (await fetch(`${node.url}/api/elections`)).json()) as {
          id: string;
          version: number;
        }[]
      ).map((election) => [election.id, election.version]);

    it('sends a submission accepted by one node to the event-stream clients of the other within a second', async () => {
      const [a, b] = nodes;
      assert.ok(a !== undefined && b !== undefined);
      const put = await fetch(`${a.url}/api/elections/${definition.id}/definition`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(definition),
      });
      assert.equal(put.status, 201);
      // The other node learns of the new election (it has no submission yet to announce) by
      // comparing with the database every two seconds.
      const deadline = Date.now() + 5000;
      while ((await versions(b)).length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const onA = await openEventStream(a.url, definition.id, null);
      const onB = await openEventStream(b.url, definition.id, null);
      streams.push(onA, onB);

      const rounds: { from: ServeProcess; to: EventStreamClient; body: string }[] = [
        { from: a, to: onB, body: 'Adams,P1,Mayor,,,Ada,10\nAdams,P1,Mayor,,,Ben,5\n' },
        { from: b, to: onA, body: 'Baker,Q1,Mayor,,,Ada,7\nBaker,Q1,Mayor,,,Ben,9\n' },
        { from: a, to: onB, body: 'Adams,P2,Mayor,,,Ada,3\nAdams,P2,Mayor,,,Ben,4\n' },
        { from: b, to: onA, body: 'Baker,Q2,Mayor,,,Ada,1\nBaker,Q2,Mayor,,,Ben,2\n' },
      ];
      const delays: number[] = [];
      for (const round of rounds) {
        const sent = Date.now();
        const version = await submit(round.from, round.body);
        const event = await round.to.waitFor(version, 1000);
        delays.push(event.receivedAt - sent);
      }
      assert.ok(Math.max(...delays) < 1000, `delays ${delays.join(', ')} ms`);
      // Both streams saw every version, once, in order.
      await onA.waitFor(4, 1000);
      await onB.waitFor(4, 1000);
      assert.deepEqual(
        onA.events.map((event) => event.data.version),
        [1, 2, 3, 4],
      );
      assert.deepEqual(
        onB.events.map((event) => event.data.version),
        [1, 2, 3, 4],
      );
      assert.deepEqual(
        onA.events.map((event) => event.data.submissionId),
        onB.events.map((event) => event.data.submissionId),
      );
    });

    it('serves the same versions and the same results document from either node', async () => {
      const [a, b] = nodes;
      assert.ok(a !== undefined && b !== undefined);
      // Concurrent submissions to both nodes at once.
      const bodies = [
        'Adams,P1,Mayor,,,Ada,11\nAdams,P1,Mayor,,,Ben,5\n',
        'Baker,Q1,Mayor,,,Ada,8\nBaker,Q1,Mayor,,,Ben,9\n',
      ];
      await Promise.all([submit(a, bodies[0] ?? ''), submit(b, bodies[1] ?? '')]);
      const stream = streams[0];
      assert.ok(stream !== undefined);
      await stream.waitFor(6, 2000);
      await streams[1]?.waitFor(6, 2000);
      assert.deepEqual(await versions(a), [[definition.id, 6]]);
      assert.deepEqual(await versions(b), [[definition.id, 6]]);
      const [fromA, fromB] = await Promise.all(
        [a, b].map(async (node) => {
          const response = await fetch(`${node.url}/api/elections/${definition.id}/results`);
          return { etag: response.headers.get('etag'), body: await response.text() };
        }),
      );
      assert.equal(fromA?.etag, fromB?.etag);
      assert.equal(fromA?.body, fromB?.body);
      assert.match(fromA?.body ?? '', /"name":"Ada"[^}]*"votes":23,.*"name":"Ben"[^}]*"votes":20,/);
    });
  },
);
