import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { buildDefinition } from '@canvass/core/testing';
import { main } from '../main.ts';
import { openEventStream, startServeProcess, type ServeProcess } from '../testing/serve-process.ts';

const COUNTIES = 8;
const PRECINCTS = 8;
const counties = Object.fromEntries(
  Array.from({ length: COUNTIES }, (_, c) => [
    `County ${c + 1}`,
    Array.from({ length: PRECINCTS }, (_, p) => `P${p + 1}`),
  ]),
);
const definition = buildDefinition({
  counties,
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const TOKEN = randomBytes(16).toString('hex');
const HEADER = 'county,precinct,office,district,party,candidate,votes\n';

/** One submission per precinct, with votes that identify it, so totals can be checked. */
const jobs = Object.entries(counties).flatMap(([county, precincts], c) =>
  precincts.map((precinct, p) => {
    const ada = 100 + c * PRECINCTS + p;
    const ben = 7 * (p + 1);
    const body = `${HEADER}${county},${precinct},Mayor,,,Ada,${ada}\n${county},${precinct},Mayor,,,Ben,${ben}\n`;
    return { body, ada, ben, sha: createHash('sha256').update(body).digest('hex') };
  }),
);

/** Where the killed server keeps its data: a SQLite file, or a fresh PostgreSQL schema. */
interface KillEngine {
  readonly name: 'sqlite' | 'postgres';
  /** Environment of `canvass serve` and of `canvass verify`. */
  readonly env: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  cleanup(): Promise<void>;
}

function killEngines(): KillEngine[] {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-kill-'));
  const db = join(dir, 'canvass.db');
  const engines: KillEngine[] = [
    {
      name: 'sqlite',
      env: { CANVASS_ADMIN_TOKEN: TOKEN },
      args: ['--db', db],
      cleanup: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    },
  ];
  const url = process.env['TEST_DATABASE_URL'] ?? '';
  if (url !== '') {
    const schema = `canvass_kill_${randomBytes(4).toString('hex')}`;
    const keyDir = mkdtempSync(join(tmpdir(), 'canvass-kill-pg-'));
    engines.push({
      name: 'postgres',
      env: {
        CANVASS_ADMIN_TOKEN: TOKEN,
        DATABASE_URL: url,
        CANVASS_DB_SCHEMA: schema,
        CANVASS_SIGNING_KEY: join(keyDir, 'signing-key.pem'),
      },
      args: [],
      cleanup: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
          rmSync(keyDir, { recursive: true, force: true });
        }
      },
    });
  }
  return engines;
}

for (const engine of killEngines())
  describe(`SIGKILL during concurrent submissions (${engine.name})`, () => {
    const env = engine.env;
    const running: ServeProcess[] = [];
    after(async () => {
      for (const node of running) await node.stop('SIGKILL');
      await engine.cleanup();
    });

    it('keeps every acknowledged submission, none partly, verifies, and lets streams resume', async () => {
      const first = await startServeProcess({ env, args: [...engine.args] });
      running.push(first);
      const put = await fetch(`${first.url}/api/elections/${definition.id}/definition`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(definition),
      });
      assert.equal(put.status, 201);
      const before = await openEventStream(first.url, definition.id, null);

      // Many concurrent submitters; the server is killed once a third have been acknowledged.
      const acknowledged = new Set<string>();
      let killed = false;
      const queue = [...jobs];
      const killAt = Math.floor(jobs.length / 3);
      const worker = async (): Promise<void> => {
        for (let job = queue.shift(); job !== undefined && !killed; job = queue.shift()) {
          try {
            const response = await fetch(
              `${first.url}/api/elections/${definition.id}/submissions`,
              {
                method: 'POST',
                headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
                body: job.body,
              },
            );
            const answer = (await response.json()) as { status?: string };
            if (response.status === 201 && answer.status === 'accepted') acknowledged.add(job.sha);
          } catch {
            // The connection died with the server: not acknowledged.
          }
          if (acknowledged.size >= killAt && !first.child.killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      await first.stop('SIGKILL');
      before.close();
      assert.ok(killed, 'the server was killed mid-run');
      const lastSeen = before.events.at(-1)?.id ?? 0;

      const second = await startServeProcess({ env, args: [...engine.args] });
      running.push(second);
      const submissions = (await (
        await fetch(`${second.url}/api/elections/${definition.id}/submissions`)
      ).json()) as { sourceSha256: string; counts: number }[];
      const stored = new Set(submissions.map((submission) => submission.sourceSha256));
      console.log(
        `# ${engine.name}: killed with ${acknowledged.size} of ${jobs.length} acknowledged; ${submissions.length} stored after restart`,
      );
      for (const sha of acknowledged) assert.ok(stored.has(sha), `acknowledged ${sha} is missing`);
      assert.ok(
        submissions.every((submission) => submission.counts === 2),
        'none partly applied',
      );

      // Totals are exactly the sum of the submissions the store holds.
      const held = jobs.filter((job) => stored.has(job.sha));
      const results = (await (
        await fetch(`${second.url}/api/elections/${definition.id}/results`)
      ).json()) as { version: number; contests: { choices: { name: string; votes: number }[] }[] };
      assert.equal(results.version, submissions.length);
      const votes = Object.fromEntries(
        (results.contests[0]?.choices ?? []).map((choice) => [choice.name, choice.votes]),
      );
      assert.deepEqual(votes, {
        Ada: held.reduce((sum, job) => sum + job.ada, 0),
        Ben: held.reduce((sum, job) => sum + job.ben, 0),
      });

      // A stream that resumes with Last-Event-ID gets every later version, then new ones live.
      const resumed = await openEventStream(second.url, definition.id, lastSeen);
      const replay = await openEventStream(second.url, definition.id, 0);
      const rest = jobs.filter((job) => !stored.has(job.sha));
      for (const job of rest.slice(0, 5)) {
        const response = await fetch(`${second.url}/api/elections/${definition.id}/submissions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
          body: job.body,
        });
        assert.equal(response.status, 201);
      }
      const finalVersion = submissions.length + Math.min(5, rest.length);
      await resumed.waitFor(finalVersion, 5000);
      await replay.waitFor(finalVersion, 5000);
      const seen = [...before.events, ...resumed.events].map((event) => event.id);
      assert.deepEqual(
        seen,
        Array.from({ length: finalVersion }, (_, index) => index + 1),
      );
      // What the first server published before it died is what the store holds at each version.
      for (const event of before.events) {
        assert.equal(event.data.submissionId, replay.events[event.id - 1]?.data.submissionId);
      }
      resumed.close();
      replay.close();
      await second.stop();

      // `canvass verify` itself, run in this process (a third process start costs seconds).
      let printed = '';
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = (chunk: string) => {
        printed += chunk;
        return true;
      };
      const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
      Object.assign(process.env, env);
      let code: number;
      try {
        code = await main(['node', 'canvass', 'verify', ...engine.args]);
      } finally {
        process.stdout.write = write;
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) Reflect.deleteProperty(process.env, name);
          else process.env[name] = value;
        }
      }
      assert.equal(code, 0, printed);
      assert.match(printed, /: OK/);
    });
  });
