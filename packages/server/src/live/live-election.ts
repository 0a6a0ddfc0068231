import {
  contestResult,
  ElectionTally,
  resultsDocument,
  slotsByCounty,
  slotsByPrecinct,
  type ElectionDefinition,
  type ResultsDocument,
} from '@canvass/core';
import { cachedJson, type CachedDocument } from './cached-document.ts';
import { withRecountSections } from '../recount/with-recount-sections.ts';

/** One published version of an election: what changed and when. */
export interface ResultsEvent {
  readonly electionId: string;
  readonly version: number;
  readonly submissionId: number | null;
  /** Ids of the contests whose figures changed. */
  readonly contests: readonly string[];
  readonly at: string;
}

/** A contest's standing at one version, for the margin-over-reporting chart. */
export interface HistoryPoint {
  readonly version: number;
  readonly at: string;
  readonly precinctsReporting: number;
  readonly precinctsTotal: number;
  readonly pseudoUnitsReporting: number;
  readonly totalVotes: number;
  /** Votes per choice, in the contest's choice order. */
  readonly votes: readonly number[];
}

/**
 * An election as the server holds it: its tally, the events it has published and documents
 * cached for the current version.
 */
export class LiveElection {
  tally: ElectionTally;
  definitionHash: string;
  updatedAt: string;
  readonly events: ResultsEvent[] = [];
  readonly history = new Map<string, HistoryPoint[]>();
  #cache = new Map<string, CachedDocument>();

  constructor(definition: ElectionDefinition, definitionHash: string, updatedAt: string) {
    this.tally = new ElectionTally(definition);
    this.definitionHash = definitionHash;
    this.updatedAt = updatedAt;
  }

  get id(): string {
    return this.tally.definition.id;
  }

  get version(): number {
    return this.events.length;
  }

  /** Records a published version and the standing of the contests it changed. */
  recordVersion(event: ResultsEvent): void {
    this.events.push(event);
    this.updatedAt = event.at;
    this.#cache = new Map();
    const changed = new Set(event.contests);
    this.tally.definition.contests.forEach((contest, index) => {
      if (!changed.has(contest.id)) return;
      const result = contestResult(this.tally, index, null);
      const points = this.history.get(contest.id) ?? [];
      points.push({
        version: event.version,
        at: event.at,
        precinctsReporting: result.precinctsReporting,
        precinctsTotal: result.precinctsTotal,
        pseudoUnitsReporting: result.pseudoUnitsReporting,
        totalVotes: result.totalVotes,
        votes: result.choices.map((choice) => choice.votes),
      });
      this.history.set(contest.id, points);
    });
  }

  /** Replaces the tally (after the definition changed) keeping events and history. */
  replaceTally(tally: ElectionTally, definitionHash: string): void {
    this.tally = tally;
    this.definitionHash = definitionHash;
    this.#cache = new Map();
  }

  /** The whole election's results, as served at `/results`. */
  results(): CachedDocument {
    return this.#memo('results', () =>
      this.#envelope(resultsDocument(this.tally, this.definitionHash)),
    );
  }

  /** One contest with its per-county results, or null for an unknown contest. */
  contest(contestId: string): CachedDocument | null {
    const index = this.tally.definition.contests.findIndex((contest) => contest.id === contestId);
    if (index < 0) return null;
    return this.#memo(`contest:${contestId}`, () => {
      const document = resultsDocument(this.tally, this.definitionHash, {
        contest: contestId,
        by: 'county',
      });
      return { ...this.#envelope(document), history: this.history.get(contestId) ?? [] };
    });
  }

  /** One contest's per-precinct results in one county, or null when either is unknown. */
  county(contestId: string, countyId: string): CachedDocument | null {
    const index = this.tally.definition.contests.findIndex((contest) => contest.id === contestId);
    const county = this.tally.definition.units.find(
      (unit) => unit.kind === 'county' && unit.id === countyId,
    );
    if (index < 0 || county === undefined) return null;
    return this.#memo(`county:${contestId}:${countyId}`, () => {
      const countyGroup = slotsByCounty(this.tally, index).find(
        (group) => group.unit?.id === countyId,
      );
      return {
        electionId: this.id,
        version: this.version,
        updatedAt: this.updatedAt,
        status: 'unofficial',
        contestId,
        county: {
          id: county.id,
          name: county.name,
          ...contestResult(this.tally, index, countyGroup?.slots ?? []),
        },
        precincts: slotsByPrecinct(this.tally, index, countyId).map((group) => ({
          unitId: group.unit?.id ?? null,
          unitName: group.unit?.name ?? '',
          pseudo: group.unit?.kind === 'pseudo',
          ...contestResult(this.tally, index, group.slots),
        })),
      };
    });
  }

  /** Every contest's history of standings, for charts. */
  historyDocument(): CachedDocument {
    return this.#memo('history', () => ({
      electionId: this.id,
      version: this.version,
      contests: Object.fromEntries(this.history),
    }));
  }

  #envelope(
    document: ResultsDocument,
  ): ResultsDocument & { readonly updatedAt: string; readonly status: 'unofficial' } {
    return {
      ...document,
      contests: withRecountSections(this.tally.definition, document.contests),
      version: this.version,
      updatedAt: this.updatedAt,
      status: 'unofficial',
    };
  }

  #memo(key: string, build: () => unknown): CachedDocument {
    let document = this.#cache.get(key);
    if (document === undefined) {
      document = cachedJson(build(), this.definitionHash, this.version);
      this.#cache.set(key, document);
    }
    return document;
  }
}
