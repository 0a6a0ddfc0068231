import { createHash, hash, randomUUID } from 'node:crypto';
import {
  canonicalBallotId,
  contestResult,
  drawBallotSample,
  manifestTotals,
  parseBallotManifest,
  parseCvrCsv,
  samplerManifest,
  SamplerCache,
  type ManifestBatch,
  type BallotInterpretation,
  type ElectionTally,
  type LedgerRecord,
  type Sha256Digest,
} from '@canvass/core';
import type { Transaction } from 'kysely';
import type { Store } from '../store/store.ts';
import { enqueueEvent, wakeDispatchers, type PartnerEventInput } from '../webhooks/outbox.ts';
import type { AuditTables, AuditDb } from './audit-tables.ts';
import { refuse } from './audit-errors.ts';
import {
  readAudit,
  readDraws,
  readCvrs,
  readHandCounts,
  readInterpretations,
  readManifest,
  type AuditRecord,
} from './audit-records.ts';
import { auditView, contestsWithBallots, roundRetrieval, type AuditView } from './audit-state.ts';

/** Ticket digits kept for display (Arlo's 18). */
const TICKET_DIGITS = 18;
const MAX_DRAWS = 1_000_000;
const INSERT_CHUNK = 500;

const digest: Sha256Digest = (text) => hash('sha256', text, 'binary');

/** What {@link AuditWorkflow} needs. */
export interface AuditWorkflowDependencies {
  readonly store: Store;
  /** The election's current tally, the source of the reported results. */
  readonly tallyOf: (electionId: string) => Promise<ElectionTally | null>;
}

/**
 * The risk-limiting audit workflow over the store: create an audit, import the manifest, set the
 * seed, draw rounds, enter sampled ballots, measure the risk. Every step is one ledger record
 * (`audit-step`) written in the same transaction as the data it records, with the inputs an
 * observer needs to recompute it. Refusals throw {@link AuditRefusal} and change nothing.
 */
export class AuditWorkflow {
  readonly #store: Store;
  readonly #tallyOf: AuditWorkflowDependencies['tallyOf'];
  // A manifest never changes once imported, so its sampler form (and, through the cache, its
  // hashed first tickets) is kept: a later round costs only its own draws, not a re-hash.
  readonly #manifests = new Map<string, ManifestBatch[]>();
  readonly #sampler = new SamplerCache();

  constructor(deps: AuditWorkflowDependencies) {
    this.#store = deps.store;
    this.#tallyOf = deps.tallyOf;
  }

  get #db(): AuditDb {
    return this.#store.database as unknown as AuditDb;
  }

  /** Creates an audit of some contests, snapshotting their reported results from the tally. */
  async create(input: {
    readonly electionId: string;
    readonly name: string;
    readonly riskLimit: number;
    readonly method: string;
    readonly contestIds: readonly string[];
    readonly actor: string;
  }): Promise<AuditView> {
    if (input.method !== 'bravo' && input.method !== 'supersimple')
      refuse(
        'bad-request',
        `method ${input.method} is not available; use bravo (ballot polling) or supersimple (ballot comparison)`,
      );
    if (!Number.isInteger(input.riskLimit) || input.riskLimit < 1 || input.riskLimit > 20)
      refuse('bad-request', 'the risk limit is a whole percent from 1 to 20');
    if (input.contestIds.length === 0) refuse('bad-request', 'choose at least one contest');
    const tally = await this.#tallyOf(input.electionId);
    if (tally === null) refuse('not-found', `no election ${input.electionId}`);
    const contests = [...new Set(input.contestIds)].map((contestId) => {
      const index = tally.definition.contests.findIndex((c) => c.id === contestId);
      const contest = tally.definition.contests[index];
      if (contest === undefined) refuse('bad-request', `no contest ${contestId} in this election`);
      if (contest.choices.length <= contest.seats)
        refuse('bad-request', `contest ${contestId} has no reported loser to audit against`);
      const result = contestResult(tally, index, null);
      if (result.totalVotes === 0) refuse('bad-request', `contest ${contestId} has no votes yet`);
      return {
        contestId,
        name: contest.name,
        choices: result.choices.map((c) => ({ id: c.id, name: c.name, votes: c.votes })),
        seats: contest.seats,
        votesAllowed: contest.votesAllowed,
      };
    });
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    await this.#store.appendRecord({
      electionId: input.electionId,
      kind: 'audit-step',
      actor: input.actor,
      write: async (trx) => {
        await asAudit(trx)
          .insertInto('audits')
          .values({
            id,
            election_id: input.electionId,
            name: input.name,
            method: input.method,
            risk_limit: input.riskLimit,
            contests: JSON.stringify(contests),
            created_by: input.actor,
            created_at: createdAt,
            seed: null,
          })
          .execute();
        return {
          auditId: id,
          step: 'audit-created',
          name: input.name,
          method: input.method,
          riskLimit: input.riskLimit,
          reportedResults: contests,
        };
      },
    });
    return this.view(id);
  }

  /** Imports the ballot manifest (once, before the first draw); the whole file or nothing. */
  async importManifest(auditId: string, csv: string, actor: string): Promise<AuditView> {
    const audit = await readAudit(this.#db, auditId);
    const parsed = parseBallotManifest(csv);
    if (!parsed.ok)
      refuse(
        'rejected',
        `${String(parsed.error.length)} problem(s) in the manifest; nothing was stored`,
        {
          problems: parsed.error,
        },
      );
    const totals = manifestTotals(parsed.value);
    for (const c of audit.contests) {
      const votes = c.choices.reduce((s, x) => s + x.votes, 0);
      const needed = Math.ceil(votes / c.votesAllowed);
      if (totals.ballots < needed)
        refuse(
          'rejected',
          `the manifest lists ${String(totals.ballots)} ballots, fewer than the ${String(needed)} that ${c.name}'s reported votes need`,
        );
    }
    await this.#append(audit, actor, async (db) => {
      const existing = await db
        .selectFrom('audit_manifest_batches')
        .select('line')
        .where('audit_id', '=', auditId)
        .limit(1)
        .executeTakeFirst();
      if (existing !== undefined)
        refuse('conflict', 'this audit already has its manifest; create a new audit to change it');
      const rows = parsed.value.map((r, i) => ({
        audit_id: auditId,
        line: i + 2,
        county: r.county,
        tabulator: r.tabulator,
        batch: r.batch,
        ballots: r.ballots,
      }));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await db
          .insertInto('audit_manifest_batches')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
      return {
        step: 'manifest-imported',
        sha256: createHash('sha256').update(csv).digest('hex'),
        ballots: totals.ballots,
        batches: totals.batches,
        byCounty: totals.byCounty,
        rows: parsed.value,
      };
    });
    return this.view(auditId);
  }

  /**
   * Imports the cast vote records of a ballot-comparison audit (after the manifest, before the
   * first draw, once): the whole file or nothing. Ballots without a record are 2-vote
   * overstatements when drawn.
   */
  async importCvrs(auditId: string, csv: string, actor: string): Promise<AuditView> {
    const audit = await readAudit(this.#db, auditId);
    if (audit.method !== 'supersimple')
      refuse('conflict', 'cast vote records are for ballot-comparison (supersimple) audits');
    const manifest = await readManifest(this.#db, auditId);
    if (manifest.length === 0) refuse('conflict', 'import the ballot manifest first');
    const parsed = parseCvrCsv(csv, audit.contests, manifest);
    if (!parsed.ok)
      refuse(
        'rejected',
        `${String(parsed.error.length)} problem(s) in the cast vote records; nothing was stored`,
        { problems: parsed.error },
      );
    const totals: Record<string, Record<string, number>> = {};
    for (const r of parsed.value)
      for (const [contestId, marked] of Object.entries(r.votes)) {
        const t = (totals[contestId] ??= {});
        for (const id of marked) t[id] = (t[id] ?? 0) + 1;
      }
    await this.#append(audit, actor, async (db) => {
      const existing = await db
        .selectFrom('audit_cvrs')
        .select('ballot_key')
        .where('audit_id', '=', auditId)
        .limit(1)
        .executeTakeFirst();
      if (existing !== undefined)
        refuse('conflict', 'this audit already has its cast vote records');
      const drawn = await db
        .selectFrom('audit_draws')
        .select('seq')
        .where('audit_id', '=', auditId)
        .limit(1)
        .executeTakeFirst();
      if (drawn !== undefined) refuse('conflict', 'the sample is already drawn');
      const rows = parsed.value.map((r) => ({
        audit_id: auditId,
        ballot_key: canonicalBallotId({
          batchKey: [r.county, r.tabulator, r.batch],
          position: r.position,
        }),
        votes: JSON.stringify(r.votes),
      }));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await db
          .insertInto('audit_cvrs')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
      return {
        step: 'cvrs-imported',
        sha256: createHash('sha256').update(csv).digest('hex'),
        records: rows.length,
        votesByContest: totals,
      };
    });
    return this.view(auditId);
  }

  /** Records the public random seed (e.g. 20 dice digits). Set once; never changed. */
  async setSeed(auditId: string, seed: string, actor: string): Promise<AuditView> {
    const audit = await readAudit(this.#db, auditId);
    if (!/^\d{20,}$/.test(seed))
      refuse('bad-request', 'the seed is at least 20 decimal digits (e.g. from rolling dice)');
    await this.#append(audit, actor, async (db) => {
      const updated = await db
        .updateTable('audits')
        .set({ seed })
        .where('id', '=', auditId)
        .where('seed', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        refuse('conflict', 'the seed is already set and cannot be changed');
      return { step: 'seed-set', seed };
    });
    return this.view(auditId);
  }

  /**
   * Draws the next round: `size` ballots, or the size of a named option ('0.9', 'asn', ...).
   * The round continues the same consistent-sampling stream as the earlier rounds.
   */
  async drawRound(auditId: string, choice: number | string, actor: string): Promise<AuditView> {
    const view = await this.view(auditId);
    const { audit } = view;
    if (view.manifest === null) refuse('conflict', 'import the ballot manifest first');
    if (audit.method === 'supersimple' && view.cvrs === 0)
      refuse('conflict', 'import the cast vote records first');
    if (audit.seed === null) refuse('conflict', 'enter the random seed first');
    const m = view.measurement;
    if (m === null || m.finished) refuse('conflict', 'the audit is finished');
    if (m.nextRound === null)
      refuse(
        'conflict',
        `round ${String(view.rounds.length)} still has ${String(m.pending)} ballots to enter`,
      );
    let size: number;
    let option: string | null = null;
    if (typeof choice === 'string') {
      const offered = m.nextRound.options[choice];
      if (offered === undefined)
        refuse(
          'bad-request',
          `no size option ${choice}; offered: ${Object.keys(m.nextRound.options).join(', ')}`,
        );
      size = offered.size;
      option = choice;
    } else {
      size = choice;
    }
    if (!Number.isInteger(size) || size < 1 || size > MAX_DRAWS)
      refuse('bad-request', `the sample size is a whole number from 1 to ${String(MAX_DRAWS)}`);
    const numSampled = view.rounds.reduce((n, r) => n + r.draws, 0);
    const round = view.rounds.length + 1;
    const seed = audit.seed;
    const drawn = drawBallotSample({
      seed,
      manifest: await this.#samplerManifest(auditId),
      sampleSize: size,
      numSampled,
      idMode: 'canonical',
      digits: TICKET_DIGITS,
      digest,
      cache: this.#sampler,
    });
    const rows = drawn.map((d, i) => {
      const [county, tabulator, batch] = d.batchKey as readonly [string, string | null, string];
      return {
        audit_id: auditId,
        seq: numSampled + i,
        round,
        county,
        tabulator,
        batch,
        position: d.position,
        ticket: d.ticketNumber,
        generation: d.generation,
        ballot_key: d.hashedId,
      };
    });
    await this.#append(
      audit,
      actor,
      async (db) => {
        const count = await db
          .selectFrom('audit_draws')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('audit_id', '=', auditId)
          .executeTakeFirstOrThrow();
        if (Number(count.n) !== numSampled) refuse('conflict', 'another round was drawn meanwhile');
        for (let i = 0; i < rows.length; i += INSERT_CHUNK)
          await db
            .insertInto('audit_draws')
            .values(rows.slice(i, i + INSERT_CHUNK))
            .execute();
        return {
          step: 'round-drawn',
          round,
          sampleSize: size,
          option,
          optionsOffered: m.nextRound?.options ?? null,
          numSampledBefore: numSampled,
          seed,
          sampler: 'consistent-sampler, canonical ballot ids (cb1), with replacement',
          method: audit.method,
          ticketDigits: TICKET_DIGITS,
          draws: rows.length,
          drawsSha256: createHash('sha256')
            .update(rows.map((r) => `${r.ticket} ${r.ballot_key}`).join('\n'))
            .digest('hex'),
        };
      },
      () => ({
        type: 'audit.round',
        electionId: audit.electionId,
        data: { auditId, name: audit.name, round, status: 'drawn', draws: rows.length },
        dedupeKey: `audit.round:${auditId}:${String(round)}:drawn`,
      }),
    );
    return this.view(auditId);
  }

  /**
   * Records an audit board's readings of sampled ballots of the open round, as one step (all or
   * none). A later entry of the same ballot corrects an earlier one; the step that completes a
   * round carries the round's measured risk and the next round's options.
   */
  async enter(
    auditId: string,
    entries: readonly BallotEntryInput[],
    actor: string,
  ): Promise<AuditView> {
    const audit = await readAudit(this.#db, auditId);
    if (entries.length === 0) refuse('bad-request', 'no ballots to enter');
    const draws = await readDraws(this.#db, auditId);
    const lastRound = draws[draws.length - 1]?.round ?? 0;
    const byLocation = new Map(draws.map((d) => [locationKey(d), d.ballotKey]));
    const inRound = new Set(draws.filter((d) => d.round === lastRound).map((d) => d.ballotKey));
    const drawnKeys = new Set(draws.map((d) => d.ballotKey));
    const resolved = entries.map((entry, index) => {
      const where = `entry ${String(index + 1)}`;
      const b = entry.ballot;
      const ballotKey = 'ballotKey' in b ? b.ballotKey : byLocation.get(locationKey(b));
      if (ballotKey === undefined || !drawnKeys.has(ballotKey))
        refuse('bad-request', `${where}: that ballot was not drawn in this audit`);
      if (!inRound.has(ballotKey))
        refuse('conflict', `${where}: that ballot is not in the open round ${String(lastRound)}`);
      checkInterpretation(audit, entry.interpretation, where);
      return { ballotKey, interpretation: entry.interpretation };
    });
    const enteredAt = new Date().toISOString();
    await this.#append(
      audit,
      actor,
      async (db) => {
        const manifest = await readManifest(db, auditId);
        const current = await readDraws(db, auditId);
        const cvrs = await readCvrs(db, auditId);
        const handCounts = await readHandCounts(db, auditId);
        const before = auditView(
          audit,
          manifest,
          current,
          await readInterpretations(db, auditId),
          cvrs,
          handCounts,
        );
        if (before.rounds.length !== lastRound || before.measurement?.pending === 0)
          refuse(
            'conflict',
            `round ${String(lastRound)} is complete and measured; draw the next round`,
          );
        for (let i = 0; i < resolved.length; i += INSERT_CHUNK) {
          await db
            .insertInto('audit_entries')
            .values(
              resolved.slice(i, i + INSERT_CHUNK).map((e) => ({
                audit_id: auditId,
                ballot_key: e.ballotKey,
                interpretation: JSON.stringify(e.interpretation),
                entered_by: actor,
                entered_at: enteredAt,
              })),
            )
            .execute();
        }
        const after = auditView(
          audit,
          manifest,
          current,
          await readInterpretations(db, auditId),
          cvrs,
          handCounts,
        );
        const completes = after.measurement?.pending === 0;
        return {
          step: 'ballots-entered',
          round: lastRound,
          entries: resolved,
          ...(completes
            ? {
                roundComplete: true,
                measurement: {
                  contests: after.measurement.contests,
                  finished: after.measurement.finished,
                  nextRound: after.measurement.nextRound,
                },
              }
            : {}),
        };
      },
      (payload) => {
        const measurement = payload['measurement'] as
          | {
              contests: readonly { contestId: string; risk: number; finished: boolean }[];
              finished: boolean;
            }
          | undefined;
        if (measurement === undefined) return null;
        return {
          type: 'audit.round',
          electionId: audit.electionId,
          data: {
            auditId,
            name: audit.name,
            round: lastRound,
            status: measurement.finished ? 'finished' : 'measured',
            contests: measurement.contests.map((c) => ({
              contestId: c.contestId,
              risk: c.risk,
              finished: c.finished,
            })),
          },
          dedupeKey: `audit.round:${auditId}:${String(lastRound)}:measured`,
        };
      },
    );
    return this.view(auditId);
  }

  /**
   * Records the full hand count of a contest, the end of an escalated audit: the count settles
   * the contest (risk 0), and the view says whether it confirms the reported winners. Allowed
   * when no round is open; entered once per contest.
   */
  async recordHandCount(
    auditId: string,
    contestId: string,
    votes: Readonly<Record<string, number>>,
    actor: string,
  ): Promise<AuditView> {
    const view = await this.view(auditId);
    const { audit } = view;
    const contest = audit.contests.find((c) => c.contestId === contestId);
    if (contest === undefined) refuse('bad-request', `contest ${contestId} is not in this audit`);
    if (view.measurement === null) refuse('conflict', 'import the ballot manifest first');
    if (view.measurement.pending > 0)
      refuse('conflict', 'finish entering the open round before recording a hand count');
    for (const [id, n] of Object.entries(votes)) {
      if (!contest.choices.some((c) => c.id === id))
        refuse('bad-request', `${id} is not a choice in ${contest.name}`);
      if (!Number.isSafeInteger(n) || n < 0)
        refuse('bad-request', `the hand count for ${id} is not a whole number of votes`);
    }
    const counted = Object.fromEntries(contest.choices.map((c) => [c.id, votes[c.id] ?? 0]));
    const enteredAt = new Date().toISOString();
    await this.#append(audit, actor, async (db) => {
      const existing = await db
        .selectFrom('audit_hand_counts')
        .select('contest_id')
        .where('audit_id', '=', auditId)
        .where('contest_id', '=', contestId)
        .executeTakeFirst();
      if (existing !== undefined)
        refuse('conflict', `the hand count of ${contest.name} is already recorded`);
      await db
        .insertInto('audit_hand_counts')
        .values({
          audit_id: auditId,
          contest_id: contestId,
          votes: JSON.stringify(counted),
          entered_by: actor,
          entered_at: enteredAt,
        })
        .execute();
      return { step: 'hand-count-recorded', contestId, votes: counted };
    });
    return this.view(auditId);
  }

  /** The audit as it stands. */
  async view(auditId: string): Promise<AuditView> {
    const db = this.#db;
    const audit = await readAudit(db, auditId);
    return auditView(
      audit,
      await readManifest(db, auditId),
      await readDraws(db, auditId),
      await readInterpretations(db, auditId),
      await readCvrs(db, auditId),
      await readHandCounts(db, auditId),
    );
  }

  async #samplerManifest(auditId: string): Promise<ManifestBatch[]> {
    let manifest = this.#manifests.get(auditId);
    if (manifest === undefined) {
      manifest = samplerManifest(await readManifest(this.#db, auditId));
      // Only the most recent audits are kept: each manifest holds one number per ballot.
      if (this.#manifests.size >= 4) this.#manifests.clear();
      this.#manifests.set(auditId, manifest);
    }
    return manifest;
  }

  /** The audits of an election, newest last. */
  async list(electionId: string): Promise<AuditRecord[]> {
    const rows = await this.#db
      .selectFrom('audits')
      .select('id')
      .where('election_id', '=', electionId)
      .orderBy('created_at')
      .execute();
    return Promise.all(rows.map((r) => readAudit(this.#db, r.id)));
  }

  /** One county's retrieval list for a round. */
  async retrieval(auditId: string, round: number, county: string) {
    await readAudit(this.#db, auditId);
    const draws = await readDraws(this.#db, auditId);
    if (!draws.some((d) => d.round === round)) refuse('not-found', `no round ${String(round)}`);
    return roundRetrieval(draws, round, county);
  }

  /** Every ledger record of the audit, in order: what an observer recomputes from. */
  async steps(auditId: string): Promise<LedgerRecord[]> {
    const audit = await readAudit(this.#db, auditId);
    const records = await this.#store.listLedger(audit.electionId);
    return records.filter((r) => r.kind === 'audit-step' && r.payload['auditId'] === auditId);
  }

  /**
   * Appends an audit-step record whose writes run in the same transaction; when `event` gives
   * one, a partner event (`audit.round`) is queued in that transaction too.
   */
  async #append(
    audit: AuditRecord,
    actor: string,
    write: (db: Transaction<AuditTables>) => Promise<Record<string, unknown>>,
    event?: (payload: Record<string, unknown>) => PartnerEventInput | null,
  ): Promise<void> {
    // A holder: the transaction callback sets it, which flow analysis cannot see.
    const queued = { event: false };
    await this.#store.appendRecord({
      electionId: audit.electionId,
      kind: 'audit-step',
      actor,
      write: async (trx) => {
        const payload = { auditId: audit.id, ...(await write(asAudit(trx))) };
        const partner = event?.(payload) ?? null;
        if (partner !== null) {
          await enqueueEvent(trx, partner);
          queued.event = true;
        }
        return payload;
      },
    });
    if (queued.event) wakeDispatchers(this.#store.database);
  }
}

/** A sampled ballot located as on the retrieval list. */
export interface BallotLocationInput {
  readonly county: string;
  readonly tabulator?: string | null | undefined;
  readonly batch: string;
  readonly position: number;
}

function asAudit(trx: unknown): Transaction<AuditTables> {
  return trx as Transaction<AuditTables>;
}

/** One ballot's reading, located by its hashed id or as on the retrieval list. */
export interface BallotEntryInput {
  readonly ballot: { readonly ballotKey: string } | BallotLocationInput;
  readonly interpretation: BallotInterpretation;
}

function locationKey(b: BallotLocationInput): string {
  return JSON.stringify([b.county, b.tabulator ?? null, b.batch, b.position]);
}

function checkInterpretation(audit: AuditRecord, it: BallotInterpretation, where: string): void {
  if (it.kind === 'not-found') return;
  for (const [contestId, marked] of Object.entries(it.votes)) {
    const contest = audit.contests.find((c) => c.contestId === contestId);
    if (contest === undefined)
      refuse('bad-request', `${where}: contest ${contestId} is not in this audit`);
    for (const id of marked) {
      if (!contest.choices.some((c) => c.id === id))
        refuse('bad-request', `${where}: ${id} is not a choice in ${contest.name}`);
    }
  }
}

export { contestsWithBallots };
