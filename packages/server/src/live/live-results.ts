import { ElectionTally, type ElectionDefinition } from '@canvass/core';
import type { Store, SubmissionRecord } from '../store/store.ts';
import { toSubmission } from '../store/rows.ts';
import { WriteLock } from '../store/write-lock.ts';
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
  /** Applies one change at a time, whether accepted here or seen from another node. */
  readonly #sync = new WriteLock();

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

  /**
   * Applies a submission the store has just accepted and publishes the new version. When other
   * nodes share the store, every submission committed before it is applied first, in order, so
   * each node publishes the same versions.
   */
  async applyAccepted(submission: SubmissionRecord): Promise<ResultsEvent> {
    if (this.#elections.has(submission.electionId)) {
      await this.catchUp(submission.electionId);
      const done = this.#elections
        .get(submission.electionId)
        ?.events.find((event) => event.submissionId === submission.id);
      if (done !== undefined) return done;
    }
    return this.#sync.run(() => this.#applyAccepted(submission));
  }

  /**
   * Applies, in order, every submission the store holds that this node has not (accepted by
   * another node sharing the database), publishing each version; loads an election it lacks.
   */
  catchUp(electionId: string): Promise<ResultsEvent[]> {
    return this.#sync.run(async () => {
      const election = this.#elections.get(electionId);
      if (election === undefined) {
        await this.#loadElection(electionId);
        const event = this.#elections.get(electionId)?.events.at(-1);
        if (event !== undefined) this.#publish(event);
        return event === undefined ? [] : [event];
      }
      await this.#syncDefinition(election);
      const events: ResultsEvent[] = [];
      // Per election, submission ids grow in commit order (ids are taken under the election's
      // write lock), so what this node lacks is what follows the last submission it applied.
      const after =
        election.events.findLast((event) => event.submissionId !== null)?.submissionId ?? 0;
      const rows = await this.#store.database
        .selectFrom('submissions')
        .selectAll()
        .where('election_id', '=', electionId)
        .where('id', '>', after)
        .orderBy('id')
        .execute();
      for (const submission of rows.map(toSubmission)) {
        const contests = await this.#applySubmission(election, submission);
        const event: ResultsEvent = {
          electionId,
          version: election.version + 1,
          submissionId: submission.id,
          contests,
          at: submission.submittedAt,
        };
        election.recordVersion(event);
        this.#publish(event);
        events.push(event);
      }
      return events;
    });
  }

  async #applyAccepted(submission: SubmissionRecord): Promise<ResultsEvent> {
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
