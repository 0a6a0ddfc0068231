import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ContestEnvelope, ResultsEnvelope } from '../src/api/types.ts';
import { ElectionFeed, type FeedSnapshot } from '../src/live/election-feed.ts';
import { ALABAMA_FINAL } from './contest-fixture.ts';

/** A stand-in for the browser's EventSource: the test fires the server's events by hand. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = FakeEventSource.CONNECTING;
  readonly url: string;
  readonly #listeners = new Map<string, ((event: Event) => void)[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.last = this;
  }

  addEventListener(type: string, listener: (event: Event) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  emit(type: string, data?: unknown): void {
    if (type === 'open') this.readyState = FakeEventSource.OPEN;
    const event = Object.assign(new Event(type), { data: JSON.stringify(data) });
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}

const ID = 'al-2017';
let version = 1;
/** Versions a cache between page and server would still serve for the next few requests. */
let staleReads = 0;
/** Requests the fake server answers with 503 before it recovers. */
let failures = 0;
const requests: string[] = [];

function results(at: number): ResultsEnvelope {
  const contest = {
    ...ALABAMA_FINAL,
    id: 'senate',
    name: 'UNITED STATES SENATOR',
    office: 'US Senate',
    district: null,
    kind: 'candidate',
    votesAllowed: 1,
    seats: 1,
  };
  return {
    schema: 'canvass.results/1',
    election: {
      id: ID,
      name: 'Alabama',
      date: '2017-12-12',
      state: 'AL',
      type: 'special-general',
      definitionHash: 'h1',
    },
    version: at,
    updatedAt: '2017-12-13T03:00:00Z',
    status: 'unofficial',
    contests: [contest],
    warnings: [],
  };
}

function fakeFetch(input: string | URL | Request): Promise<Response> {
  const url = input instanceof Request ? input.url : input.toString();
  requests.push(url);
  if (failures > 0) {
    failures--;
    return Promise.resolve(new Response('{}', { status: 503 }));
  }
  const served = staleReads > 0 ? version - 1 : version;
  if (staleReads > 0) staleReads--;
  let body: unknown;
  if (url.endsWith(`/api/elections/${ID}`))
    body = { definitionHash: 'h1', version: served, definition: {} };
  else if (url.includes('/results')) body = results(served);
  else if (url.includes('/contests/senate'))
    body = { ...results(served), history: [] } satisfies ContestEnvelope;
  else return Promise.resolve(new Response('{}', { status: 404 }));
  return Promise.resolve(
    new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    }),
  );
}

const originalFetch = globalThis.fetch;

/** A feed with the snapshots it publishes recorded. */
function recordedFeed(timing: { minRefreshMs: number; jitterMs: number }): {
  feed: ElectionFeed;
  latest: () => FeedSnapshot | null;
} {
  const seen: FeedSnapshot[] = [];
  const feed = new ElectionFeed(
    ID,
    (next) => {
      seen.push(next);
    },
    timing,
  );
  return { feed, latest: () => seen.at(-1) ?? null };
}

async function until(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('election feed', () => {
  beforeEach(() => {
    version = 1;
    staleReads = 0;
    failures = 0;
    requests.length = 0;
    globalThis.fetch = fakeFetch;
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
  });
  afterEach(() => {
    globalThis.fetch = originalFetch;
  });

  it('loads the election, features its contest and listens to the stream', async () => {
    const { feed, latest } = recordedFeed({
      minRefreshMs: 0,
      jitterMs: 0,
    });
    await feed.start(null);
    const loaded = latest();
    assert.ok(loaded !== null);
    assert.equal(loaded.contestId, 'senate');
    assert.equal(loaded.contest?.version, 1);
    assert.equal(FakeEventSource.last!.url, `/api/elections/${ID}/events`);
    feed.close();
  });

  it('folds a burst of versions into few refreshes and announces the latest', async () => {
    const { feed, latest } = recordedFeed({
      minRefreshMs: 50,
      jitterMs: 0,
    });
    await feed.start(null);
    const source = FakeEventSource.last!;
    source.emit('open');
    requests.length = 0;
    for (version = 2; version <= 21; version++)
      source.emit('results', {
        electionId: ID,
        version,
        submissionId: version,
        contests: ['senate'],
        at: '',
      });
    version = 21;
    await until(() => latest()?.results?.version === 21 && latest()?.contest?.version === 21);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const resultReads = requests.filter((url) => url.endsWith('/results')).length;
    assert.ok(resultReads <= 3, `${resultReads} reads of the results for 20 versions`);
    const done = latest();
    assert.ok(done !== null);
    assert.equal(done.connection, 'live');
    assert.equal(
      done.announcement,
      'Update 21: Doug Jones leads by 1.7 points with 2,100 of 2,100 precincts',
    );
    feed.close();
  });

  it('asks again when a cache still serves the version before the event', async () => {
    const { feed, latest } = recordedFeed({
      minRefreshMs: 0,
      jitterMs: 0,
    });
    await feed.start(null);
    version = 2;
    staleReads = 1;
    FakeEventSource.last!.emit('results', {
      electionId: ID,
      version: 2,
      submissionId: 2,
      contests: ['senate'],
      at: '',
    });
    await until(() => latest()?.results?.version === 2);
    assert.ok(
      requests.some((url) => url.includes('/results?v=2')),
      'the retry bypasses the cached copy',
    );
    feed.close();
  });

  it('catches up from the hello event when versions were published while loading', async () => {
    const { feed, latest } = recordedFeed({
      minRefreshMs: 0,
      jitterMs: 0,
    });
    await feed.start(null);
    version = 3;
    FakeEventSource.last!.emit('hello', { electionId: ID, version: 3 });
    await until(() => latest()?.contest?.version === 3);
    feed.close();
  });

  it('retries on its own when a refresh fails, and clears the error', async () => {
    const { feed, latest } = recordedFeed({ minRefreshMs: 0, jitterMs: 0 });
    await feed.start(null);
    version = 2;
    failures = 1;
    FakeEventSource.last!.emit('results', {
      electionId: ID,
      version: 2,
      submissionId: 2,
      contests: ['senate'],
      at: '',
    });
    await until(() => latest()?.error !== null);
    await until(() => latest()?.results?.version === 2 && latest()?.error === null);
    feed.close();
  });
});
