import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { importOpenElections, type PairPrecinct } from '@canvass/core';
import { startServer, type RunningServer } from '../http/server.ts';
import { importFile } from '../ingest/import-file.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import { webhookDatabase } from '../webhooks/schema.ts';
import type { ContestProjection, PublishedCallEvent } from './live-projections.ts';

// Three counties of 20 precincts each report one county per submission. DEM wins clearly, by
// more than in the baseline, so the race is called statistically once a county is in and
// confirmed mathematically when everything is.
const FILE = '20171212__xx__special__general__precinct.csv';
const ELECTION = '2017-12-12-xx-special-general';
const COUNTIES = ['Alpha', 'Beta', 'Gamma'];
const TOKEN = 'projection-test-token';
const dir = mkdtempSync(join(tmpdir(), 'canvass-projection-'));
const baseline: PairPrecinct[] = [];
const files: string[] = [];
const allRows: string[] = [];
COUNTIES.forEach((county, c) => {
  const rows = ['county,precinct,office,district,party,candidate,votes'];
  for (let p = 0; p < 20; p++) {
    const name = `PRECINCT ${p + 1}`;
    const size = 400 + ((p * 53 + c * 97) % 700);
    const share = 0.35 + 0.02 * p;
    const first = Math.round(size * share);
    baseline.push({
      county,
      precinct: name,
      pseudoKind: null,
      first,
      second: size - first,
      total: size + 10,
    });
    const turnout = Math.round(size * 0.6);
    const dem = Math.round(turnout * Math.min(0.95, share + 0.15));
    rows.push(`${county},${name},UNITED STATES SENATOR,,DEM,Jones,${dem}`);
    rows.push(`${county},${name},UNITED STATES SENATOR,,REP,Moore,${turnout - dem}`);
  }
  allRows.push(...rows.slice(1));
  const sub = join(dir, county);
  mkdirSync(sub);
  writeFileSync(join(sub, FILE), `${rows.join('\n')}\n`);
  files.push(join(sub, FILE));
});

let store: SqliteStore;
let dispose: () => Promise<void>;
let running: RunningServer;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  running = await startServer({
    store,
    logger: pino({ level: 'silent' }),
    port: 0,
    adminToken: TOKEN,
    webRoot: null,
    projections: [
      { contest: 'united states senator', baseline, pair: ['DEM', 'REP'], options: { draws: 400 } },
    ],
  });
});
after(async () => {
  await running.close();
  await dispose();
});

async function projections(): Promise<{ status: number; contests: ContestProjection[] }> {
  const response = await fetch(`${running.url}/api/elections/${ELECTION}/projections`);
  const body = (await response.json()) as { contests?: ContestProjection[] };
  return { status: response.status, contests: body.contests ?? [] };
}

describe('live projections over HTTP', () => {
  it('projects each version, streams a call event, and keeps the call', async () => {
    assert.equal((await projections()).status, 404);
    // The night's definition first (every precinct, as a replay sends it), then county files.
    const definition = await inferDefinition(
      `county,precinct,office,district,party,candidate,votes\n${allRows.join('\n')}\n`,
    );
    const put = await fetch(`${running.url}/api/elections/${ELECTION}/definition`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(definition),
    });
    assert.equal(put.status < 300, true, await put.text());
    const before = await projections();
    assert.equal(before.status, 200);
    const [nothingYet] = before.contests;
    assert.ok(nothingYet !== undefined);
    assert.equal(nothingYet.call.status, 'not-called');
    assert.equal(nothingYet.precincts.reporting, 0);
    const calls: PublishedCallEvent[] = [];
    listen(calls);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const file of files) {
      const outcome = await importFile({ store, path: file, submittedBy: 'test' });
      if (outcome.status !== 'accepted') assert.fail(`import ${outcome.status}`);
      await running.live.applyAccepted(outcome.submission);
      await running.projections.settled();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { status, contests } = await projections();
    assert.equal(status, 200);
    const senate = contests[0];
    assert.ok(senate !== undefined);
    assert.equal(senate.precincts.reporting, 60);
    assert.equal(senate.expectedVote.share, 1);
    if (senate.call.status !== 'called') assert.fail(senate.call.reason);
    assert.equal(senate.call.winner, 'DEM');
    assert.equal(senate.call.kind, 'mathematical');
    assert.ok(senate.projectedMargin > 10);
    // The night's call events: called (statistically, after the first county), then confirmed.
    const types = senate.events.map((event) => event.event.type);
    assert.deepEqual(types.slice(0, 1), ['called']);
    assert.equal(types.at(-1), 'confirmed');
    assert.ok(!types.includes('retracted'));
    const [first] = senate.events;
    assert.ok(first !== undefined);
    assert.equal(first.version, 1);
    assert.equal(first.event.inputs.precinctsReported, 20);
    assert.equal(first.event.winner, 'DEM');
    assert.match(first.event.reason, /99% interval/);
    // The event stream carried the same call events.
    assert.deepEqual(
      calls.map((event) => event.event.type),
      types,
    );
  });

  it('tells the partner channels: AP-style feed, embed and race.call webhook events', async () => {
    const senate = (await projections()).contests[0];
    if (senate?.call.status !== 'called') assert.fail('the race was not called');
    const feed = (await (
      await fetch(`${running.url}/api/feeds/ap/${ELECTION}?level=state`)
    ).json()) as {
      races: {
        raceID: string;
        raceCallStatus: string;
        eevp?: number;
        reportingUnits: {
          candidates: { last: string; winner?: string; winnerDateTime?: string }[];
        }[];
      }[];
    };
    const race = feed.races.find((candidate) => candidate.raceID === senate.contestId);
    assert.ok(race !== undefined);
    assert.equal(race.raceCallStatus, 'Called');
    const candidates = race.reportingUnits[0]?.candidates ?? [];
    assert.deepEqual(
      candidates.map((candidate) => [candidate.last, candidate.winner ?? null]),
      [
        ['Jones', 'X'],
        ['Moore', null],
      ],
    );
    assert.equal(candidates[0]?.winnerDateTime, senate.events[0]?.at);
    // Everything is counted, so the counted vote is the whole expected vote.
    assert.equal(race.eevp, 100);

    const embed = await (
      await fetch(`${running.url}/embed/${ELECTION}/${senate.contestId}`)
    ).text();
    assert.match(embed, /Called: Jones \(Canvass projection\)/);

    const queued = await webhookDatabase(store.database)
      .selectFrom('webhook_events')
      .select('payload')
      .where('type', '=', 'race.call')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      queued.map((row) => (JSON.parse(row.payload) as { data: { type: string } }).data.type),
      senate.events.map((event) => event.event.type),
    );
  });
});

function listen(into: PublishedCallEvent[]): void {
  const request = httpRequest(`${running.url}/api/elections/${ELECTION}/events`, (response) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      text += chunk;
      let end = text.indexOf('\n\n');
      while (end >= 0) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        if (frame.startsWith('event: call\n'))
          into.push(JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as PublishedCallEvent);
        end = text.indexOf('\n\n');
      }
    });
  });
  request.on('error', () => undefined);
  request.end();
  setTimeout(() => {
    request.destroy();
  }, 3000).unref();
}

async function inferDefinition(text: string): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
  async function* chunks(): AsyncGenerator<string> {
    yield text;
  }
  const result = await importOpenElections(
    chunks(),
    {
      file: FILE,
      definition: null,
      election: {
        id: ELECTION,
        name: 'XX special',
        date: '2017-12-12',
        state: 'XX',
        type: 'special-general',
      },
      onDuplicate: 'error',
      onCountyTotal: 'error',
    },
    { counts: () => undefined, facts: () => undefined },
  );
  assert.equal(result.ok, true, JSON.stringify(result.errors.slice(0, 2)));
  return result.definition;
}
