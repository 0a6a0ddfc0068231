// bench/integrity/concurrent: all 67 Alabama counties submit their precinct results at once to a
// real `canvass serve` while 5,000 clients keep reading the results document; on SQLite and (when
// DATABASE_URL or TEST_DATABASE_URL names PostgreSQL) on PostgreSQL. Checks that no submission is
// lost or duplicated and that the published totals equal the sum of what was acknowledged, and
// prints one JSON object with submit and read latencies.
// Usage: node --import tsx bench/integrity/concurrent.ts [--readers N] [--engines sqlite,postgres]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  contestResult,
  decodeUtf8,
  ElectionTally,
  importOpenElections,
  inferElectionMetaFromFileName,
  type CountBatch,
  type ElectionDefinition,
} from '@canvass/core';
import { startServeNode } from './serve-node.ts';

const FILE = fileURLToPath(
  new URL('../../data/20171212__al__special__general__precinct.csv', import.meta.url),
);
const arg = (name: string, fallback: string): string => {
  const index = process.argv.indexOf(name);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const READERS = Number(arg('--readers', '5000'));
const pgUrl = process.env['DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? '';
const engines = arg('--engines', pgUrl === '' ? 'sqlite' : 'sqlite,postgres').split(',');

const text = readFileSync(FILE, 'utf8');
const meta = inferElectionMetaFromFileName('20171212__al__special__general__precinct.csv');
if (meta === null) throw new Error('cannot name the election');
const [header, ...rows] = text.split('\n').filter((line) => line !== '');
const byCounty = new Map<string, string[]>();
for (const row of rows) {
  const county = row.slice(0, row.indexOf(','));
  byCounty.set(county, [...(byCounty.get(county) ?? []), row]);
}
const bodies = [...byCounty].map(([county, lines]) => ({
  county,
  body: `${header ?? ''}\n${lines.join('\n')}\n`,
}));

// eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk source
async function* once(value: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(value);
}

/** Parses a body against a definition (or infers one), collecting its counts. */
async function parse(body: string, definition: ElectionDefinition | null) {
  const batches: CountBatch[] = [];
  const result = await importOpenElections(
    decodeUtf8(once(body), 'al.csv'),
    {
      file: 'al.csv',
      definition,
      election: { ...meta, state: meta?.state ?? null } as never,
      onDuplicate: 'error',
      onCountyTotal: 'error',
    },
    {
      counts: (batch) => {
        batches.push({
          ...batch,
          unit: batch.unit.slice(),
          contest: batch.contest.slice(),
          target: batch.target.slice(),
          line: batch.line.slice(),
          voteType: batch.voteType.slice(),
          value: batch.value.slice(),
          sourceLine: batch.sourceLine.slice(),
        });
      },
      facts: () => undefined,
    },
  );
  if (!result.ok)
    throw new Error(`the Alabama file did not parse: ${result.errors[0]?.reason ?? ''}`);
  return { definition: result.definition, batches };
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
};

async function runEngine(engine: string) {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-integrity-'));
  const token = randomBytes(16).toString('hex');
  const schema = `canvass_bench_${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    CANVASS_ADMIN_TOKEN: token,
    CANVASS_SIGNING_KEY: join(dir, 'key.pem'),
  };
  if (engine === 'postgres') Object.assign(env, { DATABASE_URL: pgUrl, CANVASS_DB_SCHEMA: schema });
  const node = await startServeNode({
    env: { ...env, DATABASE_URL: env['DATABASE_URL'] ?? '' },
    args: ['--db', join(dir, 'bench.db')],
  });
  const { definition } = await parse(text, null);
  const electionId = definition.id;
  const put = await fetch(`${node.url}/api/elections/${electionId}/definition`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(definition),
  });
  if (put.status !== 201) throw new Error(`defining the election answered ${put.status}`);

  // Readers: each keeps re-reading the results document (revalidating with its ETag).
  // Each reader keeps its connection, as a browser does: the agent must keep every idle socket
  // (its default keeps 256 and closes the rest, so most reads opened a new connection).
  const agent = new Agent({ keepAlive: true, maxSockets: READERS, maxFreeSockets: READERS });
  let reading = true;
  const readLatencies: number[] = [];
  let readErrors = 0;
  /** Failed reads by cause (an error code, or the HTTP status). */
  const readErrorKinds = new Map<string, number>();
  /** Connections the readers opened, and how many the server ended (FIN), when. */
  const connections = { opened: 0, endedByServer: 0, endedAtMs: [] as number[] };
  /** When each failed read happened, in ms after the readers started. */
  const errorTimes: number[] = [];
  let readersStarted = 0;
  const readFailed = (kind: string): void => {
    readErrors++;
    readErrorKinds.set(kind, (readErrorKinds.get(kind) ?? 0) + 1);
  };
  const readOnce = (etag: string | null) =>
    new Promise<string | null>((resolve) => {
      const started = performance.now();
      const req = request(
        `${node.url}/api/elections/${electionId}/results`,
        { agent, headers: etag === null ? {} : { 'if-none-match': etag } },
        (response) => {
          response.resume();
          response.on('end', () => {
            readLatencies.push(performance.now() - started);
            if (response.statusCode !== 200 && response.statusCode !== 304)
              readFailed(`HTTP ${String(response.statusCode)}`);
            resolve(response.headers['etag'] ?? etag);
          });
        },
      );
      req.on('socket', (socket) => {
        if (req.reusedSocket) return;
        connections.opened++;
        socket.once('end', () => {
          connections.endedByServer++;
          connections.endedAtMs.push(performance.now() - readersStarted);
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        readFailed(
          `${error.code ?? error.message} on a ${req.reusedSocket ? 'reused' : 'new'} connection`,
        );
        errorTimes.push(performance.now() - readersStarted);
        resolve(etag);
      });
      req.end();
    });
  readersStarted = performance.now();
  const readers = Array.from({ length: READERS }, async () => {
    let etag: string | null = null;
    while (reading) {
      etag = await readOnce(etag);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 2000));

  // All 67 counties at once.
  const started = performance.now();
  const outcomes = await Promise.all(
    bodies.map(async ({ county, body }) => {
      const sent = performance.now();
      // A connection reset under load is retried: the same bytes again are answered "duplicate"
      // when the first attempt was stored, so a retry can never count twice.
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await fetch(
            `${node.url}/api/elections/${electionId}/submissions?filename=${encodeURIComponent(county)}.csv`,
            {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
              body,
            },
          );
          const answer = (await response.json()) as {
            status?: string;
            submission?: { sourceSha256: string };
          };
          return {
            county,
            body,
            status: response.status,
            answer,
            attempt,
            ms: performance.now() - sent,
          };
        } catch (error) {
          if (attempt >= 5) throw error;
        }
      }
    }),
  );
  const allMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 500));
  reading = false;
  await Promise.all(readers);
  agent.destroy();

  const acknowledged = outcomes.filter(
    (outcome) =>
      (outcome.status === 201 && outcome.answer.status === 'accepted') ||
      (outcome.status === 200 && outcome.answer.status === 'duplicate'),
  );
  const submissions = (await (
    await fetch(`${node.url}/api/elections/${electionId}/submissions`)
  ).json()) as { sourceSha256: string }[];
  const stored = submissions.map((submission) => submission.sourceSha256);
  const ackShas = acknowledged.map((outcome) => outcome.answer.submission?.sourceSha256 ?? '');
  const lost = ackShas.filter((sha) => !stored.includes(sha)).length;
  const duplicated = stored.length - new Set(stored).size;

  // The totals the acknowledged submissions add up to, computed here, against what is published.
  const expected = new ElectionTally(definition);
  for (const outcome of acknowledged) {
    const parsed = await parse(outcome.body, definition);
    const applier = expected.beginSubmission(definition);
    for (const batch of parsed.batches) applier.counts(batch);
  }
  const results = (await (
    await fetch(`${node.url}/api/elections/${electionId}/results`)
  ).json()) as {
    version: number;
    contests: { id: string; choices: { id: string; votes: number }[] }[];
  };
  let mismatches = 0;
  definition.contests.forEach((contest, index) => {
    const want = contestResult(expected, index, null);
    const got = results.contests.find((candidate) => candidate.id === contest.id);
    want.choices.forEach((choice, choiceIndex) => {
      if (got?.choices[choiceIndex]?.votes !== choice.votes) mismatches++;
    });
  });
  await node.stop();
  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
  rmSync(dir, { recursive: true, force: true });
  const submitMs = outcomes.map((outcome) => outcome.ms);
  return {
    engine,
    counties: bodies.length,
    acknowledged: acknowledged.length,
    retried: outcomes.filter((outcome) => outcome.attempt > 1).length,
    otherStatuses: outcomes
      .filter((outcome) => outcome.status !== 201 && outcome.status !== 200)
      .map((outcome) => `${outcome.county}:${outcome.status}`),
    storedSubmissions: stored.length,
    finalVersion: results.version,
    lost,
    duplicated,
    totalsMatchAcknowledged: mismatches === 0,
    choiceMismatches: mismatches,
    submitMs: {
      p50: Math.round(percentile(submitMs, 50)),
      p99: Math.round(percentile(submitMs, 99)),
      max: Math.round(Math.max(...submitMs)),
      all67: Math.round(allMs),
    },
    readers: READERS,
    reads: readLatencies.length,
    readErrors,
    readErrorKinds: Object.fromEntries(readErrorKinds),
    readErrorsAtMs:
      errorTimes.length === 0
        ? null
        : {
            first: Math.round(Math.min(...errorTimes)),
            p50: Math.round(percentile(errorTimes, 50)),
            last: Math.round(Math.max(...errorTimes)),
          },
    readerConnections: {
      opened: connections.opened,
      endedByServer: connections.endedByServer,
      firstEndedAtMs:
        connections.endedAtMs.length === 0 ? null : Math.round(Math.min(...connections.endedAtMs)),
    },
    submitWindowMs: {
      from: Math.round(started - readersStarted),
      to: Math.round(started - readersStarted + allMs),
    },
    readMs: {
      p50: Math.round(percentile(readLatencies, 50)),
      p99: Math.round(percentile(readLatencies, 99)),
    },
  };
}

const report = [];
for (const engine of engines) report.push(await runEngine(engine));
process.stdout.write(
  `${JSON.stringify({ bench: 'integrity/concurrent', file: '20171212__al__special__general__precinct.csv', results: report }, null, 2)}\n`,
);
