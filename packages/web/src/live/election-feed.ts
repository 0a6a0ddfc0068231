import { fetchDocument, fetchVersion, paths } from '../api/fetch-document.ts';
import type {
  ContestDocument,
  ContestEnvelope,
  CountyEnvelope,
  ElectionDetail,
  ResultsEnvelope,
  ResultsEvent,
} from '../api/types.ts';
import { announceUpdate } from '../format/standing.ts';
import { displayName } from '../format/numbers.ts';

/** The state of the live connection, as shown to the reader. */
export type Connection = 'connecting' | 'live' | 'reconnecting';

/** Everything the page shows, at one moment. */
export interface FeedSnapshot {
  readonly detail: ElectionDetail | null;
  readonly results: ResultsEnvelope | null;
  readonly contestId: string | null;
  /** The selected contest with its counties and history, once loaded. */
  readonly contest: ContestEnvelope | null;
  readonly countyId: string | null;
  readonly county: CountyEnvelope | null;
  readonly connection: Connection;
  /** The latest update, in words, for the live region; empty before the first update. */
  readonly announcement: string;
  readonly error: string | null;
}

/** Least time between the starts of two refreshes. */
const MIN_REFRESH_MS = 1000;
/** Upper bound of the random wait before a refresh. */
const JITTER_MS = 250;

/** How often a feed may refresh; tests shorten it. */
export interface FeedTiming {
  /** Least time between the starts of two refreshes (default 1 s). */
  readonly minRefreshMs?: number;
  /** Upper bound of the random wait before a refresh (default 250 ms). */
  readonly jitterMs?: number;
}

const EMPTY: FeedSnapshot = {
  detail: null,
  results: null,
  contestId: null,
  contest: null,
  countyId: null,
  county: null,
  connection: 'connecting',
  announcement: '',
  error: null,
};

/**
 * The contest a results page opens on: the one on the most precincts' ballots (statewide races
 * before local measures), then the one with the most votes; a straight-party contest only when
 * nothing else is on the ballot, since it is a way of voting rather than a race.
 */
export function featuredContest(contests: readonly ContestDocument[]): ContestDocument | null {
  const rank = (contest: ContestDocument): [number, number, number] => [
    contest.kind === 'straight-party' ? 0 : 1,
    contest.precinctsTotal,
    contest.totalVotes,
  ];
  let best: ContestDocument | null = null;
  for (const contest of contests) {
    if (best === null) {
      best = contest;
      continue;
    }
    const [a, b] = [rank(contest), rank(best)];
    if (a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2]))))
      best = contest;
  }
  return best;
}

/**
 * Keeps one election's documents current: loads them, listens to the event stream and refetches
 * what an event says changed. Refreshes never overlap; events that arrive during one are folded
 * into a single follow-up, so a burst of versions costs one round of requests.
 */
export class ElectionFeed {
  readonly #id: string;
  readonly #listener: (snapshot: FeedSnapshot) => void;
  readonly #minRefreshMs: number;
  readonly #jitterMs: number;
  readonly #abort = new AbortController();
  #snapshot: FeedSnapshot = EMPTY;
  #source: EventSource | null = null;
  #wanted = 0;
  #changed = new Set<string>();
  #refreshing = false;
  #again = false;

  constructor(
    electionId: string,
    listener: (snapshot: FeedSnapshot) => void,
    timing: FeedTiming = {},
  ) {
    this.#id = electionId;
    this.#listener = listener;
    this.#minRefreshMs = timing.minRefreshMs ?? MIN_REFRESH_MS;
    this.#jitterMs = timing.jitterMs ?? JITTER_MS;
  }

  /** Loads the election and starts listening. */
  async start(contestId: string | null): Promise<void> {
    try {
      const [detail, results] = await Promise.all([
        fetchDocument<ElectionDetail>(paths.election(this.#id), this.#abort.signal),
        fetchDocument<ResultsEnvelope>(paths.results(this.#id), this.#abort.signal),
      ]);
      const chosen =
        results.contests.find((contest) => contest.id === contestId) ??
        featuredContest(results.contests);
      this.#wanted = results.version;
      this.#set({ detail, results, contestId: chosen?.id ?? null });
      if (chosen !== null) await this.#loadContest(chosen.id, results.version);
    } catch (error) {
      if (!this.#abort.signal.aborted) this.#set({ error: messageOf(error) });
      return;
    }
    this.#listen();
  }

  /** Stops listening and abandons requests in flight. */
  close(): void {
    this.#abort.abort();
    this.#source?.close();
    this.#source = null;
  }

  /** Shows another contest on the map, table and chart. */
  async selectContest(contestId: string): Promise<void> {
    if (contestId === this.#snapshot.contestId) return;
    this.#set({ contestId, contest: null, countyId: null, county: null });
    await this.#guard(() => this.#loadContest(contestId, this.#wanted));
  }

  /** Opens a county's precinct drill-down (null closes it). */
  async selectCounty(countyId: string | null): Promise<void> {
    this.#set({ countyId, county: null });
    const contestId = this.#snapshot.contestId;
    if (countyId === null || contestId === null) return;
    await this.#guard(() => this.#loadCounty(contestId, countyId, this.#wanted));
  }

  #listen(): void {
    if (this.#abort.signal.aborted) return;
    // EventSource resends Last-Event-ID when it reconnects, so no version is missed.
    const source = new EventSource(paths.events(this.#id));
    this.#source = source;
    source.addEventListener('open', () => {
      this.#set({ connection: 'live' });
    });
    source.addEventListener('hello', (message) => {
      const hello = parse(message) as { version: number } | null;
      if (hello !== null) this.#request(hello.version, null);
    });
    source.addEventListener('results', (message) => {
      const event = parse(message) as ResultsEvent | null;
      if (event !== null) this.#request(event.version, event.contests);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the server answered an error); try again ourselves.
        source.close();
        setTimeout(() => {
          this.#listen();
        }, 5000);
      }
      this.#set({ connection: 'reconnecting' });
    });
  }

  /** Notes that `version` exists (changing `contests`, or unknown when null) and refreshes. */
  #request(version: number, contests: readonly string[] | null): void {
    if (version <= this.#wanted && contests !== null) return;
    if (version <= (this.#snapshot.results?.version ?? 0)) return;
    this.#wanted = Math.max(this.#wanted, version);
    if (contests === null) this.#changed.add('*');
    else for (const id of contests) this.#changed.add(id);
    void this.#refresh();
  }

  async #refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return;
    }
    this.#refreshing = true;
    let failures = 0;
    try {
      for (;;) {
        // Every reader gets an event at the same instant; a little jitter spreads their requests.
        await delay(Math.random() * this.#jitterMs);
        const started = Date.now();
        this.#again = false;
        const wanted = this.#wanted;
        const changed = this.#changed;
        this.#changed = new Set();
        const ok = await this.#guard(async () => {
          const results = await fetchVersion<ResultsEnvelope>(
            paths.results(this.#id),
            wanted,
            this.#abort.signal,
          );
          let detail = this.#snapshot.detail;
          if (detail !== null && detail.definitionHash !== results.election.definitionHash) {
            detail = await fetchDocument<ElectionDetail>(
              paths.election(this.#id),
              this.#abort.signal,
            );
          }
          this.#set({ results, detail });
          const { contestId, countyId } = this.#snapshot;
          if (
            contestId !== null &&
            (changed.has('*') || changed.has(contestId) || this.#snapshot.contest === null)
          ) {
            await this.#loadContest(contestId, wanted);
            if (countyId !== null) await this.#loadCounty(contestId, countyId, wanted);
          }
          this.#announce();
        });
        if (ok) {
          failures = 0;
        } else {
          // Try again on our own, backing off, rather than wait for a next event that may never come.
          failures++;
          for (const id of changed) this.#changed.add(id);
          this.#again = true;
        }
        if (!this.#takeAgain()) break;
        // At most about one round of requests a second, however fast versions arrive.
        const pause = failures === 0 ? this.#minRefreshMs : Math.min(30_000, 1000 * 2 ** failures);
        await delay(pause - (Date.now() - started));
      }
    } finally {
      this.#refreshing = false;
    }
  }

  /** Whether events arrived during the refresh just finished (and the feed is still open). */
  #takeAgain(): boolean {
    return this.#again && !this.#abort.signal.aborted;
  }

  #announce(): void {
    const { results, contestId } = this.#snapshot;
    const contest =
      results?.contests.find((candidate) => candidate.id === contestId) ?? results?.contests[0];
    if (results === null || contest === undefined) return;
    const several = results.contests.length > 1;
    this.#set({
      announcement: announceUpdate(
        results.version,
        several ? displayName(contest.name) : null,
        contest,
      ),
    });
  }

  async #loadContest(contestId: string, version: number): Promise<void> {
    const contest = await fetchVersion<ContestEnvelope>(
      paths.contest(this.#id, contestId),
      version,
      this.#abort.signal,
    );
    if (this.#snapshot.contestId === contestId) this.#set({ contest });
  }

  async #loadCounty(contestId: string, countyId: string, version: number): Promise<void> {
    const county = await fetchVersion<CountyEnvelope>(
      paths.county(this.#id, contestId, countyId),
      version,
      this.#abort.signal,
    );
    if (this.#snapshot.contestId === contestId && this.#snapshot.countyId === countyId)
      this.#set({ county });
  }

  /** Runs a load, showing (and returning false on) failure instead of throwing. */
  async #guard(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      if (this.#snapshot.error !== null) this.#set({ error: null });
      return true;
    } catch (error) {
      if (!this.#abort.signal.aborted) this.#set({ error: messageOf(error) });
      return false;
    }
  }

  #set(change: Partial<FeedSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    this.#listener(this.#snapshot);
  }
}

function delay(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

function parse(message: Event): unknown {
  try {
    return JSON.parse((message as MessageEvent<string>).data);
  } catch {
    return null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
