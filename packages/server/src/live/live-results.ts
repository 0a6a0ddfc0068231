import { ElectionTally, type ElectionDefinition } from '@canvass/core';
import type { Store, SubmissionRecord } from '../store/store.ts';
import { LiveElection, type ResultsEvent } from './live-election.ts';

/** Receives every published version. */
export type ResultsListener = (event: ResultsEvent) => void;

/**
 * The server's in-memory view of every election, rebuilt from the store at start-up and updated
 * incrementally from each accepted submission, read back from the store so that memory always
 * equals what was committed.
 */
export class LiveResults {
  readonly #store: Store;
  readonly #elections = new Map<string, LiveElection>();
  readonly #listeners = new Set<ResultsListener>();

  private constructor(store: Store) {
    this.#store = store;
  }

  /**
   * Loads every election in the store.
   * @example const live = await LiveResults.load(store);
   */
  static async load(store: Store): Promise<LiveResults> {
    const live = new LiveResults(store);
    for (const election of await store.listElections()) await live.#loadElection(election.id);
    return live;
  }

  /** An election, or undefined. */
  election(id: string): LiveElection | undefined {
    return this.#elections.get(id);
  }

  /** Every election. */
  elections(): LiveElection[] {
    return [...this.#elections.values()];
  }

  /** Subscribes to published versions of every election; returns the unsubscribe function. */
  subscribe(listener: ResultsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Applies a submission the store has just accepted and publishes the new version. */
  async applyAccepted(submission: SubmissionRecord): Promise<ResultsEvent> {
    let election = this.#elections.get(submission.electionId);
    if (election === undefined) {
      await this.#loadElection(submission.electionId);
      election = this.#elections.get(submission.electionId);
      const event = election?.events.at(-1);
      if (event === undefined) throw new Error(`election ${submission.electionId} did not load`);
      this.#publish(event);
      return event;
    }
    await this.#syncDefinition(election);
    const contests = await this.#applySubmission(election, submission);
    const event: ResultsEvent = {
      electionId: election.id,
      version: election.version + 1,
      submissionId: submission.id,
      contests,
      at: submission.submittedAt,
    };
    election.recordVersion(event);
    this.#publish(event);
    return event;
  }

  /** Picks up a definition created or changed outside a submission. */
  async refreshElection(electionId: string): Promise<void> {
    const election = this.#elections.get(electionId);
    if (election === undefined) await this.#loadElection(electionId);
    else await this.#syncDefinition(election);
  }

  async #loadElection(id: string): Promise<void> {
    const record = await this.#store.getElection(id);
    if (record === null) return;
    const definition = await this.#requireDefinition(record.definitionHash);
    const election = new LiveElection(definition, record.definitionHash, record.createdAt);
    this.#elections.set(id, election);
    for (const submission of await this.#store.listSubmissions(id)) {
      const contests = await this.#applySubmission(election, submission);
      election.recordVersion({
        electionId: id,
        version: election.version + 1,
        submissionId: submission.id,
        contests,
        at: submission.submittedAt,
      });
    }
  }

  async #syncDefinition(election: LiveElection): Promise<void> {
    const record = await this.#store.getElection(election.id);
    if (record === null || record.definitionHash === election.definitionHash) return;
    // A newer definition keeps every id of the old one, so replaying every submission onto a
    // fresh tally for it gives the same figures with the new units and choices added.
    const tally = new ElectionTally(await this.#requireDefinition(record.definitionHash));
    election.replaceTally(tally, record.definitionHash);
    for (const submission of await this.#store.listSubmissions(election.id))
      await this.#applySubmission(election, submission);
  }

  async #applySubmission(election: LiveElection, submission: SubmissionRecord): Promise<string[]> {
    const definition = await this.#requireDefinition(submission.definitionHash);
    // The tally skips id remapping when handed its own definition object.
    const applier = election.tally.beginSubmission(
      submission.definitionHash === election.definitionHash
        ? election.tally.definition
        : definition,
    );
    const touched = new Set<number>();
    await this.#store.readSubmission(
      submission.id,
      (batch) => {
        for (let i = 0; i < batch.length; i++) touched.add(batch.contest[i] ?? -1);
        applier.counts(batch);
      },
      (facts) => {
        applier.facts(facts);
      },
    );
    return [...touched]
      .sort((a, b) => a - b)
      .flatMap((index) => {
        const id = definition.contests[index]?.id;
        return id === undefined ? [] : [id];
      });
  }

  async #requireDefinition(hash: string): Promise<ElectionDefinition> {
    const definition = await this.#store.getDefinition(hash);
    if (definition === null) throw new Error(`definition ${hash} is missing from the store`);
    return definition;
  }

  #publish(event: ResultsEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
