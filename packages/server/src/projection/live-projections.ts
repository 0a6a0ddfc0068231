import {
  buildBaseline,
  CallTracker,
  ProjectionModel,
  type CallEvent,
  type PairPrecinct,
  type Projection,
  type ProjectionOptions,
} from '@canvass/core';
import type { LiveElection, ResultsEvent } from '../live/live-election.ts';
import type { LiveResults } from '../live/live-results.ts';
import { tallyPairs } from './tally-pairs.ts';

/** Which contest to project, against which baseline. */
export interface ProjectionSetup {
  /** The contest's name (case-insensitive), in any election that has it. */
  readonly contest: string;
  /** Per-precinct results of the baseline contest for the pair. */
  readonly baseline: readonly PairPrecinct[];
  /** The two parties of the margin, e.g. ['DEM', 'REP']. */
  readonly pair: readonly [string, string];
  readonly options?: Partial<ProjectionOptions>;
}

/** A call event as published: which contest, at which results version. */
export interface PublishedCallEvent {
  readonly electionId: string;
  readonly contestId: string;
  readonly version: number;
  readonly at: string;
  readonly event: CallEvent & { readonly winner: string };
}

/** A contest's projection as the API serves it. */
export interface ContestProjection {
  readonly contestId: string;
  readonly contestName: string;
  readonly pair: readonly [string, string];
  readonly version: number;
  readonly expectedVote: {
    readonly counted: number;
    readonly projectedTotal: number;
    readonly interval90: readonly [number, number];
    /** counted ÷ projected total: the headline progress figure. */
    readonly share: number;
  };
  readonly precincts: { readonly reporting: number; readonly total: number };
  readonly reportedMargin: number | null;
  readonly projectedMargin: number;
  readonly interval90: readonly [number, number];
  readonly interval99: readonly [number, number];
  readonly call:
    | { readonly status: 'not-called'; readonly reason: string }
    | {
        readonly status: 'called';
        readonly winner: string;
        readonly kind: 'statistical' | 'mathematical';
        readonly reason: string;
        readonly inDoubt: boolean;
      };
  /** Every call event of the night, oldest first. */
  readonly events: readonly PublishedCallEvent[];
}

interface Tracked {
  readonly setup: ProjectionSetup;
  readonly contestId: string;
  readonly contestName: string;
  model: ProjectionModel | null;
  /** Precinct count the model was built for (a definition that grows needs a new one). */
  precincts: number;
  readonly tracker: CallTracker;
  readonly events: PublishedCallEvent[];
  latest: ContestProjection | null;
}

/** Live draws: fewer than the backtest's, to keep each version's update short. */
const LIVE_DRAWS = 1000;

/**
 * Projections and calls for configured contests, updated on every published version that
 * changes them. Call events are kept (never dropped or rewritten) and handed to subscribers.
 * @example
 * const projections = new LiveProjections(live, [{ contest: 'UNITED STATES SENATOR', baseline, pair: ['DEM', 'REP'] }]);
 * projections.subscribe((event) => hub.send(event.electionId, 'call', event));
 */
export class LiveProjections {
  readonly #live: LiveResults;
  readonly #setups: readonly ProjectionSetup[];
  readonly #tracked = new Map<string, Map<string, Tracked>>();
  readonly #listeners = new Set<(event: PublishedCallEvent) => void>();
  readonly #unsubscribe: () => void;
  readonly #queue = new Map<string, ResultsEvent>();
  readonly #waiters: (() => void)[] = [];
  #timer: NodeJS.Immediate | null = null;

  constructor(live: LiveResults, setups: readonly ProjectionSetup[]) {
    this.#live = live;
    this.#setups = setups;
    for (const election of live.elections()) this.#update(election, null);
    // Projection takes a fraction of a second: it runs after the submission's response, once
    // per burst of versions (the latest), so imports never wait for it.
    this.#unsubscribe = live.subscribe((event) => {
      const queued = this.#queue.get(event.electionId);
      this.#queue.set(event.electionId, {
        ...event,
        contests: [...new Set([...(queued?.contests ?? []), ...event.contests])],
      });
      this.#timer ??= setImmediate(() => {
        this.#flush();
      });
    });
  }

  /** Resolves once every published version has been projected. */
  settled(): Promise<void> {
    if (this.#timer === null) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #flush(): void {
    this.#timer = null;
    const queue = [...this.#queue.values()];
    this.#queue.clear();
    for (const event of queue) {
      const election = this.#live.election(event.electionId);
      if (election !== undefined) this.#update(election, event);
    }
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  /** Subscribes to call events; returns the unsubscribe function. */
  subscribe(listener: (event: PublishedCallEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The projections of an election's configured contests (empty when none), or null for an unknown election. */
  document(electionId: string): ContestProjection[] | null {
    const election = this.#live.election(electionId);
    if (election === undefined) return null;
    // An election created (or loaded) without a published version yet is projected on first read.
    if (!this.#tracked.has(electionId)) this.#update(election, null);
    return [...(this.#tracked.get(electionId)?.values() ?? [])].flatMap((tracked) =>
      tracked.latest === null ? [] : [tracked.latest],
    );
  }

  /** Stops following the live results. */
  close(): void {
    this.#unsubscribe();
    if (this.#timer !== null) clearImmediate(this.#timer);
    this.#timer = null;
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  #update(election: LiveElection, event: ResultsEvent | null): void {
    const contests = election.tally.definition.contests;
    let perElection = this.#tracked.get(election.id);
    for (const setup of this.#setups) {
      const index = contests.findIndex(
        (contest) => contest.name.trim().toUpperCase() === setup.contest.trim().toUpperCase(),
      );
      const contest = contests[index];
      if (contest === undefined) continue;
      if (event !== null && !event.contests.includes(contest.id)) continue;
      if (perElection === undefined) {
        perElection = new Map();
        this.#tracked.set(election.id, perElection);
      }
      let tracked = perElection.get(contest.id);
      if (tracked === undefined) {
        tracked = {
          setup,
          contestId: contest.id,
          contestName: contest.name,
          model: null,
          precincts: -1,
          tracker: new CallTracker(),
          events: [],
          latest: null,
        };
        perElection.set(contest.id, tracked);
      }
      this.#project(election, index, tracked, event);
    }
  }

  #project(
    election: LiveElection,
    index: number,
    tracked: Tracked,
    event: ResultsEvent | null,
  ): void {
    const pairs = tallyPairs(election.tally, index, tracked.setup.pair);
    if (pairs === null) return;
    if (tracked.model === null || tracked.precincts !== pairs.precincts.length) {
      tracked.model = new ProjectionModel(
        buildBaseline(
          pairs.precincts.map((unit) => ({ ...unit, votes: 0 })),
          tracked.setup.baseline,
        ),
        {
          draws: LIVE_DRAWS,
          ...tracked.setup.options,
        },
      );
      tracked.precincts = pairs.precincts.length;
    }
    const projection = tracked.model.project(pairs.counts);
    const [firstParty, secondParty] = tracked.setup.pair;
    for (const callEvent of tracked.tracker.update(projection)) {
      const published: PublishedCallEvent = {
        electionId: election.id,
        contestId: tracked.contestId,
        version: election.version,
        at: event?.at ?? election.updatedAt,
        event: { ...callEvent, winner: callEvent.side === 'first' ? firstParty : secondParty },
      };
      tracked.events.push(published);
      for (const listener of this.#listeners) listener(published);
    }
    tracked.latest = this.#document(election, tracked, projection);
  }

  #document(election: LiveElection, tracked: Tracked, projection: Projection): ContestProjection {
    const standing = tracked.tracker.standing;
    const [firstParty, secondParty] = tracked.setup.pair;
    return {
      contestId: tracked.contestId,
      contestName: tracked.contestName,
      pair: tracked.setup.pair,
      version: election.version,
      expectedVote: {
        counted: projection.counted.total,
        projectedTotal: Math.round(projection.projectedTotalVotes),
        interval90: [
          Math.round(projection.totalVotes90[0]),
          Math.round(projection.totalVotes90[1]),
        ],
        share: projection.expectedVoteShare,
      },
      precincts: { reporting: projection.precinctsReported, total: projection.precincts },
      reportedMargin: projection.reportedMargin,
      projectedMargin: projection.projectedMargin,
      interval90: projection.interval90,
      interval99: projection.interval99,
      call:
        standing === null
          ? { status: 'not-called', reason: notCalledReason(projection) }
          : {
              status: 'called',
              winner: standing.side === 'first' ? firstParty : secondParty,
              kind: standing.kind,
              reason: standing.reason,
              inDoubt: standing.inDoubt,
            },
      events: [...tracked.events],
    };
  }
}

function notCalledReason(projection: Projection): string {
  const [lo, hi] = projection.interval99;
  if (projection.precinctsReported === 0) return 'no precinct has reported';
  if (lo <= 0 && hi >= 0)
    return `the 99% interval [${lo.toFixed(2)}, ${hi.toFixed(2)}] includes a tie`;
  return 'a guard rule has not been met yet (margin, expected vote counted, or a kind of county still out)';
}
