// bench/partner: the partner channels on the real Alabama 2017 precinct file. Times building the
// AP-style feed (every race at state+county level, statewide only, and an empty changes-since)
// and rendering a contest embed, then measures webhook fan-out: events published to many
// endpoints on a local receiver, until every delivery is acknowledged. Prints one JSON object.
// Usage: node --import tsx bench/partner/run.ts [--endpoints N] [--events N]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import {
  Accounts,
  apFeed,
  createApp,
  importFile,
  LiveResults,
  openSqliteStore,
  publishPartnerEvent,
  startWebhooks,
  WebhookEndpoints,
} from '@canvass/server';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const endpointCount = arg('--endpoints', 20);
const eventCount = arg('--events', 100);
const ELECTION = '2017-12-12-al-special-general';

/** Median milliseconds of `runs` calls. */
async function median(runs: number, task: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await task();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(runs / 2)] ?? 0) * 100) / 100;
}

const dir = mkdtempSync(join(tmpdir(), 'canvass-partner-bench-'));
const store = await openSqliteStore(join(dir, 'bench.db'));
try {
  const imported = await importFile({
    store,
    path: fileURLToPath(
      new URL('../../data/20171212__al__special__general__precinct.csv', import.meta.url),
    ),
    submittedBy: 'bench',
  });
  if (imported.status !== 'accepted') throw new Error(`import was ${imported.status}`);
  const live = await LiveResults.load(store);
  const election = live.election(ELECTION);
  if (election === undefined) throw new Error('the election did not load');
  const logger = pino({ level: 'silent' });
  const app = createApp({ store, live, logger, adminToken: null, accounts: null });
  const contestId = election.tally.definition.contests[0]?.id ?? '';
  const full = { since: null, level: 'ru' as const, raceIds: null, url: '/f' };
  const feedBytes = JSON.stringify(apFeed(election, full)).length;
  const apFeedMs = {
    ru: await median(21, () => JSON.stringify(apFeed(election, full))),
    state: await median(21, () => JSON.stringify(apFeed(election, { ...full, level: 'state' }))),
    sinceCurrent: await median(21, () =>
      JSON.stringify(apFeed(election, { ...full, since: election.version })),
    ),
    // Through HTTP: the first request at a version builds, later ones reuse the cached body.
    httpCached: await median(21, () => app.request(`/api/feeds/ap/${ELECTION}`)),
  };
  const embedMs = await median(21, async () => {
    await (await app.request(`/embed/${ELECTION}/${contestId}`)).text();
  });

  // Webhook fan-out to endpoints on one local receiver that acknowledges at once.
  let received = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await new Accounts(store.database).addUser({ name: 'newsroom', role: 'partner' });
  const endpoints = new WebhookEndpoints(store.database);
  for (let i = 0; i < endpointCount; i++) await endpoints.add({ user: 'newsroom', url });
  const webhooks = await startWebhooks({
    database: store.database,
    live,
    logger,
    settings: {
      retry: { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 },
      leaseMs: 60_000,
      timeoutMs: 10_000,
      pollMs: 100,
    },
  });
  const expected = endpointCount * eventCount;
  const started = process.hrtime.bigint();
  let publishMs = 0;
  for (let i = 0; i < eventCount; i++) {
    const before = process.hrtime.bigint();
    await publishPartnerEvent(store, {
      type: 'race.call',
      electionId: ELECTION,
      data: { contestId, sequence: i },
    });
    publishMs += Number(process.hrtime.bigint() - before) / 1e6;
  }
  while (received < expected) await new Promise((resolve) => setTimeout(resolve, 10));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  await webhooks.stop();
  receiver.closeAllConnections();
  receiver.close();

  process.stdout.write(
    `${JSON.stringify({
      election: ELECTION,
      races: election.tally.definition.contests.length,
      counties: election.tally.definition.units.filter((unit) => unit.kind === 'county').length,
      apFeed: { bytes: feedBytes, medianMs: apFeedMs },
      embed: { medianMs: embedMs },
      webhooks: {
        endpoints: endpointCount,
        events: eventCount,
        deliveries: expected,
        publishMsPerEvent: Math.round((publishMs / eventCount) * 100) / 100,
        allDeliveredMs: Math.round(elapsedMs),
        deliveriesPerSecond: Math.round(expected / (elapsedMs / 1000)),
      },
      loadAverage: loadavg()[0],
    })}\n`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
