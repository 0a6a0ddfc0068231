import {
  auditContest,
  sideVotes,
  canonicalBallotId,
  CsvRecordReader,
  macroBounds,
  macroRisk,
  macroSampleSize,
  seedHashHex,
  sha256Uniform,
  trimTicket,
  type AuditedContest,
  type BatchDraw,
  type ContestRisk,
  type ManifestBatchRow,
  type ManifestProblem,
  type PollingAuditState,
  type Sha256Digest,
} from '@canvass/core';

/**
 * A contest of a MACRO audit over several contests: `risk` is the audit's combined risk (the one
 * test that decides), `ownRisk` the contest's own MACRO risk (core `macroRisk`) on the same draws.
 */
export interface MacroContestRisk extends ContestRisk {
  readonly ownRisk: number;
}

/** A MACRO measurement over several contests: `auditRisk` is the combined cross-contest risk. */
export interface MacroAuditState extends PollingAuditState {
  readonly auditRisk: number;
  readonly contests: readonly MacroContestRisk[];
}

/** The key of the single size option of a batch-comparison round. */
export const MACRO_OPTION = 'macro';

/** Votes per choice id, per contest id, in one batch. */
export type BatchContestTally = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** A batch's reported tally, as imported. */
export interface BatchTallyRow {
  readonly county: string;
  readonly tabulator: string | null;
  readonly batch: string;
  readonly tally: BatchContestTally;
}

/** A drawn batch, as stored (position 0: the whole batch). */
export interface BatchDrawRow {
  readonly round: number;
  readonly ticket: string;
  readonly ballotKey: string;
}

/**
 * The key of a whole batch: the canonical ballot id of its parts with position 0 (no ballot has
 * position 0), so batch draws share the draws table and retrieval lists with ballot draws.
 * @example batchKeyOf('Adams', 'T1', 'B1') // 'cb1:5:Adams2:T12:B11:0'
 */
export function batchKeyOf(county: string, tabulator: string | null, batch: string): string {
  return canonicalBallotId({ batchKey: [county, tabulator, batch], position: 0 });
}

const MAX_PROBLEMS = 100;

/**
 * Reads reported batch tallies from a CSV with the columns county, tabulator (may be blank or
 * absent), batch, contest, choice, votes (any order, case-insensitive headers): one line per
 * batch, contest and choice. Every batch must be in the manifest, every contest audited, every
 * choice one of its contest's (by id or name), each (batch, contest, choice) once, and votes a
 * whole number. Choices not listed for a batch have 0 votes there.
 * @example parseBatchTallies('county,batch,contest,choice,votes\nAdams,B1,mayor,ada,120\n', contests, manifest)
 */
export function parseBatchTallies(
  text: string,
  contests: readonly Omit<AuditedContest, 'ballots'>[],
  manifest: readonly ManifestBatchRow[],
): { ok: true; value: BatchTallyRow[] } | { ok: false; error: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  const problem = (line: number, field: string, reason: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, field, reason });
  };
  const inManifest = new Set(manifest.map((b) => JSON.stringify([b.county, b.tabulator, b.batch])));
  const byBatch = new Map<
    string,
    { row: BatchTallyRow; tally: Record<string, Record<string, number>> }
  >();
  const seen = new Map<string, number>();
  const header: { columns: Record<string, number> | null } = { columns: null };
  const NEEDED = ['county', 'batch', 'contest', 'choice', 'votes'];
  const onRecord = (fields: string[], line: number): void => {
    if (header.columns === null) {
      const columns: Record<string, number> = {};
      fields.forEach((f, i) => (columns[f.trim().toLowerCase()] = i));
      header.columns = columns;
      for (const name of NEEDED)
        if (columns[name] === undefined)
          problem(
            line,
            'header',
            `no "${name}" column (expected county, tabulator, batch, contest, choice, votes)`,
          );
      return;
    }
    if (fields.every((f) => f.trim() === '')) return;
    const columns = header.columns;
    const cell = (name: string): string => {
      const i = columns[name];
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
    const county = cell('county');
    const tabulatorText = cell('tabulator');
    const tabulator = tabulatorText === '' ? null : tabulatorText;
    const batch = cell('batch');
    const location = JSON.stringify([county, tabulator, batch]);
    if (!inManifest.has(location))
      problem(
        line,
        'batch',
        `batch ${batch} of ${county}${tabulator === null ? '' : ` (tabulator ${tabulator})`} is not in the manifest`,
      );
    const contestText = cell('contest');
    const contest = contests.find(
      (c) => c.contestId === contestText || c.name.toLowerCase() === contestText.toLowerCase(),
    );
    if (contest === undefined) {
      problem(line, 'contest', `"${contestText}" is not a contest in this audit`);
      return;
    }
    const choiceText = cell('choice');
    const choice = contest.choices.find(
      (c) => c.id === choiceText || c.name.toLowerCase() === choiceText.toLowerCase(),
    );
    if (choice === undefined)
      problem(line, 'choice', `"${choiceText}" is not a choice in ${contest.name}`);
    const votesText = cell('votes');
    const votes = /^\d+$/.test(votesText) ? Number(votesText) : Number.NaN;
    if (!Number.isSafeInteger(votes))
      problem(line, 'votes', `"${votesText}" is not a whole number of votes`);
    if (choice === undefined) return;
    const key = `${location}|${contest.contestId}|${choice.id}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      problem(
        line,
        'choice',
        `${choice.name} in batch ${batch} is already on line ${String(earlier)}`,
      );
    seen.set(key, line);
    let entry = byBatch.get(location);
    if (entry === undefined) {
      const tally: Record<string, Record<string, number>> = {};
      entry = { row: { county, tabulator, batch, tally }, tally };
      byBatch.set(location, entry);
    }
    const t = (entry.tally[contest.contestId] ??= {});
    t[choice.id] = Number.isSafeInteger(votes) ? votes : 0;
  };
  const reader = new CsvRecordReader();
  reader.push(text, onRecord);
  const syntax = reader.end(onRecord);
  if (syntax !== null) problem(syntax.line, 'record', syntax.reason);
  if (header.columns === null) problem(1, 'header', 'the file is empty');
  else if (byBatch.size === 0 && problems.length === 0) problem(2, 'record', 'no batch tallies');
  if (problems.length > 0) return { ok: false, error: problems };
  return { ok: true, value: [...byBatch.values()].map((e) => e.row) };
}

/** The MACRO inputs of a contest: reported tallies by batch key and every batch key. */
function reportedFor(
  contest: AuditedContest,
  manifest: readonly ManifestBatchRow[],
  tallies: ReadonlyMap<string, BatchContestTally>,
): { reported: Map<string, Record<string, number>>; allBatches: string[] } {
  const reported = new Map<string, Record<string, number>>();
  const allBatches: string[] = [];
  for (const b of manifest) {
    const key = batchKeyOf(b.county, b.tabulator, b.batch);
    allBatches.push(key);
    const t = tallies.get(key)?.[contest.contestId];
    if (t !== undefined) reported.set(key, { ...t, ballots: b.ballots });
  }
  return { reported, allBatches };
}

/**
 * Error bounds across contests (MACRO: Maximum Across Contests Relative Overstatement): each
 * batch's u_p is the largest over the audited contests of that contest's bound, and U their sum.
 */
function crossBounds(
  contests: readonly AuditedContest[],
  manifest: readonly ManifestBatchRow[],
  tallies: ReadonlyMap<string, BatchContestTally>,
) {
  const allBatches = manifest.map((b) => batchKeyOf(b.county, b.tabulator, b.batch));
  const perContest = contests.map((contest) => {
    const { reported } = reportedFor(contest, manifest, tallies);
    return { contest, reported, bounds: macroBounds(auditContest(contest), reported, allBatches) };
  });
  const maxErrors = new Map<string, number>();
  let total = 0;
  for (const key of allBatches) {
    const u = Math.max(0, ...perContest.map((c) => c.bounds.maxErrors.get(key) ?? 0));
    maxErrors.set(key, u);
    total += u;
  }
  return { allBatches, perContest, maxErrors, total };
}

/**
 * Draws batches with probability proportional to their error bound u_p (PPEB; the largest over
 * the audited contests), with replacement, from the public seed. Draw i (counting from 0 over every round) has the ticket
 * `sha256_uniform(hex(sha256(seed)) + "ppeb:" + i)`; its first 15 digits, read as an integer r,
 * pick the first batch, in manifest order, whose running sum of u_p (in IEEE doubles, summed in
 * that order) exceeds (r / 10^15)·U. Batches with u_p = 0 are never drawn.
 * @example drawBatches({ seed, contest, manifest, tallies, numSampled: 0, size: 10, digest })
 */
export function drawBatches(input: {
  readonly seed: string;
  readonly contests: readonly AuditedContest[];
  readonly manifest: readonly ManifestBatchRow[];
  readonly tallies: ReadonlyMap<string, BatchContestTally>;
  readonly numSampled: number;
  readonly size: number;
  readonly digest: Sha256Digest;
  readonly digits: number;
}): { ticket: string; batch: ManifestBatchRow; key: string }[] {
  const { allBatches, maxErrors } = crossBounds(input.contests, input.manifest, input.tallies);
  const cumulative: number[] = [];
  let total = 0;
  for (const key of allBatches) {
    const u = maxErrors.get(key) ?? 0;
    total += Number.isFinite(u) ? u : 0;
    cumulative.push(total);
  }
  const seedHex = seedHashHex(input.digest, input.seed);
  const out: { ticket: string; batch: ManifestBatchRow; key: string }[] = [];
  for (let i = input.numSampled; i < input.numSampled + input.size; i++) {
    const ticket = sha256Uniform(input.digest, `${seedHex}ppeb:${String(i)}`);
    const r = Number(ticket.slice(2, 17));
    const target = (r / 1e15) * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    const batch = input.manifest[lo] as ManifestBatchRow;
    out.push({
      ticket: trimTicket(ticket, input.digits),
      batch,
      key: allBatches[lo] as string,
    });
  }
  return out;
}

/**
 * Measures a batch-comparison (MACRO) audit of one contest: the risk over the complete rounds
 * (each drawn batch's hand tally against its reported tally), whether it is finished, and the
 * next round's size in batches.
 */
export function measureMacroAudit(input: {
  readonly alpha: number;
  readonly contests: readonly AuditedContest[];
  readonly manifest: readonly ManifestBatchRow[];
  readonly tallies: ReadonlyMap<string, BatchContestTally>;
  readonly draws: readonly BatchDrawRow[];
  readonly entries: ReadonlyMap<string, BatchContestTally>;
}): PollingAuditState {
  const { alpha, draws, entries } = input;
  const lastRound = draws[draws.length - 1]?.round ?? 0;
  const pending = draws.filter((d) => d.round === lastRound && !entries.has(d.ballotKey)).length;
  const complete = pending === 0 ? draws : draws.filter((d) => d.round < lastRound);
  const batchDraws: BatchDraw[] = complete.map((d) => ({
    ticket: d.ticket,
    batchKey: d.ballotKey,
  }));
  const distinct = new Set(batchDraws.map((d) => d.batchKey));
  if (input.contests.length > 1) return measureAcrossContests(input, batchDraws, pending);
  const measured = input.contests.map((contest) => {
    const { reported, allBatches } = reportedFor(contest, input.manifest, input.tallies);
    const audited = new Map<string, Record<string, number>>();
    const sampled: Record<string, number> = Object.fromEntries(
      contest.choices.map((c) => [c.id, 0]),
    );
    for (const key of distinct) {
      const t = entries.get(key)?.[contest.contestId] ?? {};
      audited.set(key, { ...t });
      for (const [id, n] of Object.entries(t)) sampled[id] = (sampled[id] ?? 0) + n;
    }
    const math = {
      alpha,
      contest: auditContest(contest),
      reported,
      allBatches,
      audited,
      draws: batchDraws,
    };
    const risk = macroRisk(math);
    const state: ContestRisk = {
      contestId: contest.contestId,
      risk: risk.pValue,
      pairs: [],
      finished: complete.length > 0 && risk.finished,
      sampled,
    };
    return { state, math, batches: allBatches.length };
  });
  const finished = measured.every((m) => m.state.finished);
  if (finished || pending > 0)
    return { contests: measured.map((m) => m.state), finished, pending, nextRound: null };
  let size = 1;
  let batches = Infinity;
  let everyBatch = false;
  for (const m of measured.filter((x) => !x.state.finished)) {
    batches = Math.min(batches, m.batches);
    const n = macroSampleSize(m.math);
    if (!n.ok) everyBatch = true;
    else size = Math.max(size, n.value);
  }
  return {
    contests: measured.map((m) => m.state),
    finished,
    pending,
    nextRound: {
      options: { [MACRO_OPTION]: { type: null, size: everyBatch ? batches : size, prob: null } },
      recommended: MACRO_OPTION,
      fullHandCount: everyBatch || size >= batches,
    },
  };
}

/**
 * MACRO over several contests at once (Stark 2009): one test for all of them, with each batch's
 * bound u_p and observed overstatement e_p the largest over the contests and their (winner,
 * loser) pairs, p = Π over draws of (1 − 1/U)/(1 − e_p/u_p): the audit's risk (`auditRisk`, and
 * each contest's `risk`, which decides). Each contest also shows its own MACRO risk (`ownRisk`).
 */
function measureAcrossContests(
  input: Parameters<typeof measureMacroAudit>[0],
  draws: readonly BatchDraw[],
  pending: number,
): MacroAuditState {
  const { alpha, entries } = input;
  const {
    allBatches,
    perContest,
    maxErrors,
    total: U,
  } = crossBounds(input.contests, input.manifest, input.tallies);
  const sampled = new Set(draws.map((d) => d.batchKey));
  const everyBatch = allBatches.length > 0 && allBatches.every((k) => sampled.has(k));
  let p = 1;
  if (everyBatch) p = 0;
  else if (!Number.isFinite(U)) p = 1;
  else {
    for (const draw of draws) {
      const u = maxErrors.get(draw.batchKey) ?? 0;
      let e = 0;
      for (const { contest, reported, bounds } of perContest) {
        const rep = reported.get(draw.batchKey) ?? {};
        const aud = entries.get(draw.batchKey)?.[contest.contestId] ?? {};
        for (const pair of bounds.pairs) {
          const over =
            sideVotes(pair.winner, rep) -
            sideVotes(pair.loser, rep) -
            (sideVotes(pair.winner, aud) - sideVotes(pair.loser, aud));
          e = Math.max(e, pair.margin <= 0 ? Infinity : over / pair.margin);
        }
      }
      const taint = u === 0 ? 0 : e / u;
      p *= (1 - 1 / U) / (1 - taint);
    }
    if (!(p >= 0) || !Number.isFinite(p)) p = 1;
    p = Math.min(1, p);
  }
  const finished = draws.length > 0 && p <= alpha;
  const contests = perContest.map(({ contest, reported }): MacroContestRisk => {
    const votes: Record<string, number> = Object.fromEntries(contest.choices.map((c) => [c.id, 0]));
    const audited = new Map<string, Record<string, number>>();
    for (const key of sampled) {
      const t = entries.get(key)?.[contest.contestId] ?? {};
      audited.set(key, { ...t });
      for (const [id, n] of Object.entries(t)) votes[id] = (votes[id] ?? 0) + n;
    }
    // The contest's own MACRO risk on the same draws (shown beside the combined risk; the
    // combined test decides, since the batches were drawn by the combined bounds).
    const own =
      draws.length === 0
        ? 1
        : macroRisk({
            alpha,
            contest: auditContest(contest),
            reported,
            allBatches,
            audited,
            draws,
          }).pValue;
    return {
      contestId: contest.contestId,
      risk: p,
      ownRisk: own,
      pairs: [],
      finished,
      sampled: votes,
    };
  });
  if (finished || pending > 0)
    return { auditRisk: p, contests, finished, pending, nextRound: null };
  const batches = allBatches.length;
  const size =
    everyBatch || !Number.isFinite(U)
      ? batches
      : Math.min(batches, Math.ceil((Math.log(alpha) - Math.log(p)) / Math.log(1 - 1 / U)) + 1);
  return {
    auditRisk: p,
    contests,
    finished,
    pending,
    nextRound: {
      options: { [MACRO_OPTION]: { type: null, size: Math.max(1, size), prob: null } },
      recommended: MACRO_OPTION,
      fullHandCount: size >= batches,
    },
  };
}
