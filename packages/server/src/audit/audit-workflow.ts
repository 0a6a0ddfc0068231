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
  type CastVoteRecord,
  type RetrievalRow,
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
  readBatchEntries,
  readBatchTallies,
  readDraws,
  readCvrs,
  samplesBatches,
  usesCvrs,
  AUDIT_METHODS,
  type AuditMethod,
  readHandCounts,
  readInterpretations,
  readManifest,
  type AuditRecord,
} from './audit-records.ts';
import { parseCvrCdf, type CdfImport } from './cvr-cdf.ts';
import { alphaParameters } from './alpha-audit.ts';
import {
  exceedsShare,
  parseShare,
  resolveEstimator,
  shareValue,
  type AlphaEstimatorInput,
  type AlphaSettings,
  type Share,
} from './alpha-settings.ts';
import {
  batchKeyOf,
  drawBatches,
  parseBatchTallies,
  type BatchContestTally,
} from './macro-audit.ts';
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
  /**
   * Ranks every ballot of a manifest on several threads (the server's BallotRankingPool), for
   * the first draw from a large manifest; without it the drawing thread ranks alone.
   */
  readonly rankBallots?: (input: {
    readonly seed: string;
    readonly manifest: readonly ManifestBatch[];
    readonly idMode: 'canonical';
  }) => Promise<Float64Array>;
  /** Manifests with fewer ballots are ranked on the drawing thread (default 100,000). */
  readonly parallelRankingMinBallots?: number;
}

/** Below this many ballots, handing the ranking to other threads costs more than it saves. */
export const PARALLEL_RANKING_MIN_BALLOTS = 100_000;

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
  // Manifests whose sampler session is open (in #sampler), so they are never ranked again.
  readonly #ranked = new WeakSet<readonly ManifestBatch[]>();
  readonly #rankBallots: AuditWorkflowDependencies['rankBallots'];
  readonly #parallelRankingMin: number;
  readonly #cvrs = new Map<string, Map<string, Readonly<Record<string, readonly string[]>>>>();

  constructor(deps: AuditWorkflowDependencies) {
    this.#store = deps.store;
    this.#tallyOf = deps.tallyOf;
    this.#rankBallots = deps.rankBallots;
    this.#parallelRankingMin = deps.parallelRankingMinBallots ?? PARALLEL_RANKING_MIN_BALLOTS;
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
    /** ALPHA only: how η is chosen (default shrink-trunc for polling, optimal comparison). */
    readonly estimator?: AlphaEstimatorInput | undefined;
    /** ALPHA only: contests that need more than a share of the valid votes ("2/3"). */
    readonly supermajority?:
      Readonly<Record<string, string | { numerator: number; denominator: number }>> | undefined;
  }): Promise<AuditView> {
    if (!(AUDIT_METHODS as readonly string[]).includes(input.method))
      refuse(
        'bad-request',
        `method ${input.method} is not available; use bravo or alpha-polling (ballot polling), supersimple or alpha-comparison (ballot comparison), or macro (batch comparison)`,
      );
    const method = input.method as AuditMethod;
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
    const isAlpha = method === 'alpha-polling' || method === 'alpha-comparison';
    const shares: Record<string, Share> = {};
    for (const [contestId, raw] of Object.entries(input.supermajority ?? {})) {
      if (!isAlpha)
        refuse(
          'bad-request',
          `a required share (contest ${contestId}) needs an ALPHA audit (alpha-polling or alpha-comparison), whose supermajority assorter tests it`,
        );
      const contest = contests.find((c) => c.contestId === contestId);
      if (contest === undefined)
        refuse('bad-request', `supermajority: contest ${contestId} is not in this audit`);
      const share = parseShare(raw, `supermajority ${contestId}`);
      if (contest.seats !== 1)
        refuse(
          'bad-request',
          `supermajority ${contestId}: a required share is for single-winner contests`,
        );
      const valid = contest.choices.reduce((a, c) => a + c.votes, 0);
      const top = [...contest.choices].sort((a, b) => b.votes - a.votes)[0];
      if (top === undefined || !exceedsShare(top.votes, valid, share))
        refuse(
          'rejected',
          `supermajority ${contestId}: the reported leader ${top?.name ?? ''} has ${String(top?.votes ?? 0)} of ${String(valid)} valid votes, not more than ${String(share.numerator)}/${String(share.denominator)}; the supermajority assorter can only confirm a reported winner`,
        );
      shares[contestId] = share;
    }
    if (!isAlpha && input.estimator !== undefined)
      refuse('bad-request', 'an estimator is for ALPHA audits (alpha-polling or alpha-comparison)');
    // A fixed η or a prior must be below the smallest assorter bound known now: 1/(2f) for a
    // polling share f, else 1 (comparison bounds are at least 1).
    const maxEta =
      method === 'alpha-polling'
        ? Math.min(1, ...Object.values(shares).map((sh) => 1 / (2 * shareValue(sh))))
        : 1;
    const alpha: AlphaSettings | null = isAlpha
      ? { estimator: resolveEstimator(method, input.estimator, maxEta), supermajority: shares }
      : null;
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
            settings: alpha === null ? null : JSON.stringify(alpha),
          })
          .execute();
        return {
          auditId: id,
          step: 'audit-created',
          name: input.name,
          method: input.method,
          riskLimit: input.riskLimit,
          reportedResults: contests,
          ...methodParameters(method, alpha),
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
  async importCvrs(auditId: string, text: string, actor: string): Promise<AuditView> {
    const audit = await readAudit(this.#db, auditId);
    if (!usesCvrs(audit.method))
      refuse(
        'conflict',
        'cast vote records are for ballot-comparison audits (supersimple, alpha-comparison)',
      );
    const manifest = await readManifest(this.#db, auditId);
    if (manifest.length === 0) refuse('conflict', 'import the ballot manifest first');
    // A NIST SP 1500-103 report is a JSON object; anything else is read as the simple CSV.
    const isCdf = text.trimStart().startsWith('{');
    let records: CastVoteRecord[];
    let cdf: CdfImport | null = null;
    if (isCdf) {
      const parsed = parseCvrCdf(text, audit.contests, manifest);
      if (!parsed.ok)
        refuse(
          'rejected',
          `${String(parsed.error.length)} problem(s) in the cast vote record report; nothing was stored`,
          { problems: parsed.error },
        );
      cdf = parsed.value;
      records = parsed.value.records;
    } else {
      const parsed = parseCvrCsv(text, audit.contests, manifest);
      if (!parsed.ok)
        refuse(
          'rejected',
          `${String(parsed.error.length)} problem(s) in the cast vote records; nothing was stored`,
          { problems: parsed.error },
        );
      records = parsed.value;
    }
    const totals: Record<string, Record<string, number>> = {};
    for (const r of records)
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
      const rows = records.map((r) => ({
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
        format: isCdf ? 'nist-sp-1500-103' : 'csv',
        sha256: createHash('sha256').update(text).digest('hex'),
        records: rows.length,
        votesByContest: totals,
        ...(cdf === null ? {} : { mapping: cdf.mapping, snapshots: cdf.snapshots }),
      };
    });
    return this.view(auditId);
  }

  /**
   * Imports the reported batch tallies of a batch-comparison (MACRO) audit (after the manifest,
   * before the first draw, once): the whole file or nothing. The ledger step records every
   * batch's tally, so an observer can recompute the error bounds and the draws.
   */
  async importBatchTallies(auditId: string, csv: string, actor: string): Promise<AuditView> {
    const audit = await readAudit(this.#db, auditId);
    if (!samplesBatches(audit.method))
      refuse('conflict', 'batch tallies are for batch-comparison (macro) audits');
    const manifest = await readManifest(this.#db, auditId);
    if (manifest.length === 0) refuse('conflict', 'import the ballot manifest first');
    const parsed = parseBatchTallies(csv, audit.contests, manifest);
    if (!parsed.ok)
      refuse(
        'rejected',
        `${String(parsed.error.length)} problem(s) in the batch tallies; nothing was stored`,
        { problems: parsed.error },
      );
    const totals: Record<string, Record<string, number>> = {};
    for (const row of parsed.value)
      for (const [contestId, votes] of Object.entries(row.tally)) {
        const t = (totals[contestId] ??= {});
        for (const [id, n] of Object.entries(votes)) t[id] = (t[id] ?? 0) + n;
      }
    for (const c of audit.contests) {
      const batchVotes = Object.values(totals[c.contestId] ?? {}).reduce((a, b) => a + b, 0);
      const reported = c.choices.reduce((a, x) => a + x.votes, 0);
      if (batchVotes > reported)
        refuse(
          'rejected',
          `the batch tallies give ${c.name} ${String(batchVotes)} votes, more than the ${String(reported)} reported in Canvass`,
        );
    }
    await this.#append(audit, actor, async (db) => {
      const existing = await db
        .selectFrom('audit_batch_tallies')
        .select('seq')
        .where('audit_id', '=', auditId)
        .limit(1)
        .executeTakeFirst();
      if (existing !== undefined) refuse('conflict', 'this audit already has its batch tallies');
      const rows = parsed.value.map((r, i) => ({
        audit_id: auditId,
        seq: i,
        county: r.county,
        tabulator: r.tabulator,
        batch: r.batch,
        tally: JSON.stringify(r.tally),
      }));
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await db
          .insertInto('audit_batch_tallies')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
      return {
        step: 'batch-tallies-imported',
        sha256: createHash('sha256').update(csv).digest('hex'),
        batches: rows.length,
        votesByContest: totals,
        tallies: parsed.value,
      };
    });
    return this.view(auditId);
  }

  /**
   * Records audit boards' hand tallies of sampled batches of the open round, as one step (all or
   * none). A later tally of the same batch corrects an earlier one; the step that completes a
   * round carries the round's measured risk and the next round's size.
   */
  async enterBatchTallies(
    auditId: string,
    entries: readonly BatchEntryInput[],
    actor: string,
    scope: EntryScope = {},
  ): Promise<AuditView> {
    const audit = await readAudit(this.#db, auditId);
    if (!samplesBatches(audit.method))
      refuse('conflict', 'batch hand tallies are for batch-comparison (macro) audits');
    if (entries.length === 0) refuse('bad-request', 'no batches to enter');
    const draws = await readDraws(this.#db, auditId);
    const lastRound = draws[draws.length - 1]?.round ?? 0;
    const inRound = new Set(draws.filter((d) => d.round === lastRound).map((d) => d.ballotKey));
    const drawnKeys = new Set(draws.map((d) => d.ballotKey));
    const countyOf = new Map(draws.map((d) => [d.ballotKey, d.county]));
    const resolved = entries.map((entry, index) => {
      const where = `entry ${String(index + 1)}`;
      const b = entry.batch;
      const key = 'batchKey' in b ? b.batchKey : batchKeyOf(b.county, b.tabulator ?? null, b.batch);
      if (!drawnKeys.has(key))
        refuse('bad-request', `${where}: that batch was not drawn in this audit`);
      checkScope(scope, countyOf.get(key), where);
      if (!inRound.has(key))
        refuse('conflict', `${where}: that batch is not in the open round ${String(lastRound)}`);
      const tally: Record<string, Record<string, number>> = {};
      for (const [contestId, votes] of Object.entries(entry.votes)) {
        const contest = audit.contests.find((c) => c.contestId === contestId);
        if (contest === undefined)
          refuse('bad-request', `${where}: contest ${contestId} is not in this audit`);
        const t: Record<string, number> = {};
        for (const [id, n] of Object.entries(votes)) {
          if (!contest.choices.some((c) => c.id === id))
            refuse('bad-request', `${where}: ${id} is not a choice in ${contest.name}`);
          if (!Number.isSafeInteger(n) || n < 0)
            refuse('bad-request', `${where}: the votes for ${id} are not a whole number`);
          t[id] = n;
        }
        tally[contestId] = t;
      }
      for (const c of audit.contests)
        if (tally[c.contestId] === undefined)
          refuse('bad-request', `${where}: give the hand tally of ${c.name} (0 votes are 0)`);
      return { batchKey: key, tally };
    });
    const enteredAt = new Date().toISOString();
    await this.#append(
      audit,
      actor,
      async (db) => {
        const read = async () =>
          auditView(
            audit,
            await readManifest(db, auditId),
            await readDraws(db, auditId),
            new Map(),
            new Map(),
            await readHandCounts(db, auditId),
            {
              tallies: await readBatchTallies(db, auditId),
              entries: await readBatchEntries(db, auditId),
            },
          );
        const before = await read();
        if (before.rounds.length !== lastRound || before.measurement?.pending === 0)
          refuse(
            'conflict',
            `round ${String(lastRound)} is complete and measured; draw the next round`,
          );
        for (let i = 0; i < resolved.length; i += INSERT_CHUNK)
          await db
            .insertInto('audit_batch_entries')
            .values(
              resolved.slice(i, i + INSERT_CHUNK).map((e) => ({
                audit_id: auditId,
                batch_key: e.batchKey,
                tally: JSON.stringify(e.tally),
                entered_by: actor,
                entered_at: enteredAt,
              })),
            )
            .execute();
        const after = await read();
        const completes = after.measurement?.pending === 0;
        return {
          step: 'batches-entered',
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
      (payload) => roundMeasuredEvent(audit, lastRound, payload),
    );
    return this.view(auditId);
  }

  async #drawBatchRows(
    audit: AuditRecord,
    seed: string,
    numSampled: number,
    size: number,
    round: number,
  ) {
    const manifest = await readManifest(this.#db, audit.id);
    const totals = manifestTotals(manifest);
    const drawn = drawBatches({
      seed,
      contests: contestsWithBallots(audit, totals.ballots),
      manifest,
      tallies: await readBatchTallies(this.#db, audit.id),
      numSampled,
      size,
      digest,
      digits: TICKET_DIGITS,
    });
    const generations = new Map<string, number>();
    for (const d of await readDraws(this.#db, audit.id))
      generations.set(d.ballotKey, Math.max(generations.get(d.ballotKey) ?? 0, d.generation));
    return drawn.map((d, i) => {
      const generation = (generations.get(d.key) ?? 0) + 1;
      generations.set(d.key, generation);
      return {
        audit_id: audit.id,
        seq: numSampled + i,
        round,
        county: d.batch.county,
        tabulator: d.batch.tabulator,
        batch: d.batch.batch,
        position: 0,
        ticket: d.ticket,
        generation,
        ballot_key: d.key,
      };
    });
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
    if (usesCvrs(audit.method) && view.cvrs === 0)
      refuse('conflict', 'import the cast vote records first');
    if (samplesBatches(audit.method) && view.batchTallies === 0)
      refuse('conflict', 'import the reported batch tallies first');
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
    const manifest = samplesBatches(audit.method) ? null : await this.#samplerManifest(auditId);
    const firstKeys = manifest === null ? undefined : await this.#parallelKeys(seed, manifest);
    const rows =
      manifest === null
        ? await this.#drawBatchRows(audit, seed, numSampled, size, round)
        : drawBallotSample({
            seed,
            manifest,
            sampleSize: size,
            numSampled,
            idMode: 'canonical',
            digits: TICKET_DIGITS,
            digest,
            cache: this.#sampler,
            ...(firstKeys === undefined ? {} : { firstKeys }),
          }).map((d, i) => {
            const [county, tabulator, batch] = d.batchKey as readonly [
              string,
              string | null,
              string,
            ];
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
          sampler: samplesBatches(audit.method)
            ? 'PPEB: batches with probability proportional to their MACRO error bound u_p, with replacement; draw i has ticket sha256_uniform(hex(sha256(seed)) + "ppeb:" + i), and its first 15 digits r pick the first batch in manifest order whose running sum of u_p exceeds (r / 10^15) U'
            : 'consistent-sampler, canonical ballot ids (cb1), with replacement',
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
    scope: EntryScope = {},
  ): Promise<AuditView> {
    const audit = await readAudit(this.#db, auditId);
    if (samplesBatches(audit.method))
      refuse('conflict', 'a batch-comparison audit records hand tallies of batches, not ballots');
    if (entries.length === 0) refuse('bad-request', 'no ballots to enter');
    const draws = await readDraws(this.#db, auditId);
    const lastRound = draws[draws.length - 1]?.round ?? 0;
    const byLocation = new Map(draws.map((d) => [locationKey(d), d.ballotKey]));
    const inRound = new Set(draws.filter((d) => d.round === lastRound).map((d) => d.ballotKey));
    const drawnKeys = new Set(draws.map((d) => d.ballotKey));
    const countyOf = new Map(draws.map((d) => [d.ballotKey, d.county]));
    const resolved = entries.map((entry, index) => {
      const where = `entry ${String(index + 1)}`;
      const b = entry.ballot;
      const ballotKey = 'ballotKey' in b ? b.ballotKey : byLocation.get(locationKey(b));
      if (ballotKey === undefined || !drawnKeys.has(ballotKey))
        refuse('bad-request', `${where}: that ballot was not drawn in this audit`);
      checkScope(scope, countyOf.get(ballotKey), where);
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
      usesCvrs(audit.method) ? await this.#cvrsOf(auditId) : new Map(),
      await readHandCounts(db, auditId),
      samplesBatches(audit.method)
        ? {
            tallies: await readBatchTallies(db, auditId),
            entries: await readBatchEntries(db, auditId),
          }
        : undefined,
    );
  }

  // Imported CVRs never change, so once an audit has them they are kept (for the most recent
  // audits): a view then costs no re-read of a few hundred thousand records.
  async #cvrsOf(
    auditId: string,
  ): Promise<Map<string, Readonly<Record<string, readonly string[]>>>> {
    const known = this.#cvrs.get(auditId);
    if (known !== undefined) return known;
    const cvrs = await readCvrs(this.#db, auditId);
    if (cvrs.size > 0) {
      if (this.#cvrs.size >= 4) this.#cvrs.clear();
      this.#cvrs.set(auditId, cvrs);
    }
    return cvrs;
  }

  /**
   * Every ballot's ranking key computed on several threads, for the first draw from a large
   * manifest (later rounds reuse the cached session and need none). Core checks each key that
   * can be drawn against its own hash, so the sample is the one a single thread draws.
   */
  async #parallelKeys(
    seed: string,
    manifest: readonly ManifestBatch[],
  ): Promise<Float64Array | undefined> {
    const rank = this.#rankBallots;
    if (rank === undefined || this.#ranked.has(manifest)) return undefined;
    this.#ranked.add(manifest);
    let ballots = 0;
    for (const batch of manifest) ballots += batch.positions.length;
    if (ballots < this.#parallelRankingMin) return undefined;
    return rank({ seed, manifest, idMode: 'canonical' });
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

  /**
   * One county's ballots (or batches) of a round, as on its retrieval list, each with its key and
   * what the audit board has recorded so far (the latest reading or hand tally; null before).
   */
  async roundEntries(auditId: string, round: number, county: string): Promise<RoundEntryRow[]> {
    const audit = await readAudit(this.#db, auditId);
    const draws = await readDraws(this.#db, auditId);
    if (!draws.some((d) => d.round === round)) refuse('not-found', `no round ${String(round)}`);
    const keys = new Map(draws.map((d) => [locationKey(d), d.ballotKey]));
    const batches = samplesBatches(audit.method);
    const recorded: ReadonlyMap<string, unknown> = batches
      ? await readBatchEntries(this.#db, auditId)
      : await readInterpretations(this.#db, auditId);
    return roundRetrieval(draws, round, county).map((row) => {
      const ballotKey = keys.get(locationKey(row)) ?? '';
      const entry = recorded.get(ballotKey);
      return {
        ...row,
        ballotKey,
        interpretation: batches ? null : ((entry as BallotInterpretation | undefined) ?? null),
        tally: batches ? ((entry as BatchContestTally | undefined) ?? null) : null,
      };
    });
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

/** A ballot (or batch) of a round's retrieval list with what has been recorded for it. */
export interface RoundEntryRow extends RetrievalRow {
  readonly ballotKey: string;
  /** The latest reading of a sampled ballot (ballot audits). */
  readonly interpretation: BallotInterpretation | null;
  /** The latest hand tally of a sampled batch (batch audits). */
  readonly tally: BatchContestTally | null;
}

/**
 * Whose entries these are: an audit-board account limited to some counties (lower-case names)
 * records only ballots and batches of those counties. Empty or absent: any county.
 */
export interface EntryScope {
  readonly counties?: readonly string[];
}

function checkScope(scope: EntryScope, county: string | undefined, where: string): void {
  const counties = scope.counties ?? [];
  if (counties.length === 0 || county === undefined) return;
  if (!counties.includes(county.toLowerCase()))
    refuse(
      'forbidden',
      `${where}: that ballot is in ${county}; this account records for ${counties.join(', ')} only`,
    );
}

/** A sampled batch's hand tally: contest id → choice id → votes. */
export interface BatchEntryInput {
  readonly batch:
    | { readonly batchKey: string }
    | {
        readonly county: string;
        readonly tabulator?: string | null | undefined;
        readonly batch: string;
      };
  readonly votes: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** What the audit-created step records about the method, so observers can recompute it. */
function methodParameters(
  method: AuditMethod,
  alpha: AlphaSettings | null,
): Record<string, unknown> {
  if (method === 'alpha-polling' || method === 'alpha-comparison')
    return { parameters: alphaParameters(method, alpha ?? undefined) };
  if (method === 'macro')
    return {
      parameters: {
        test: 'MACRO (Stark 2009): p = Π over draws of (1 − 1/U) / (1 − e_p/u_p); with several contests u_p and e_p are the largest across contests and pairs, one p for all',
        nextSize: 'ceil((ln α − ln p) / ln(1 − 1/U)) + 1 batches, at most every batch',
      },
    };
  return {};
}

/** The partner event of a step that completes a round, if it does. */
function roundMeasuredEvent(
  audit: AuditRecord,
  round: number,
  payload: Record<string, unknown>,
): PartnerEventInput | null {
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
      auditId: audit.id,
      name: audit.name,
      round,
      status: measurement.finished ? 'finished' : 'measured',
      contests: measurement.contests.map((c) => ({
        contestId: c.contestId,
        risk: c.risk,
        finished: c.finished,
      })),
    },
    dedupeKey: `audit.round:${audit.id}:${String(round)}:measured`,
  };
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
