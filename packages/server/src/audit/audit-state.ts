import {
  manifestTotals,
  measureComparisonAudit,
  measurePollingAudit,
  retrievalList,
  type AuditedContest,
  type BallotInterpretation,
  type ManifestBatchRow,
  type PollingAuditState,
  type RetrievalRow,
  type RoundDraw,
} from '@canvass/core';
import { samplesBatches, usesCvrs, type AuditRecord, type DrawRecord } from './audit-records.ts';
import { measureAlphaComparison, measureAlphaPolling } from './alpha-audit.ts';
import { measureMacroAudit, type BatchContestTally } from './macro-audit.ts';

/** The batch data of a batch-comparison audit, by batch key. */
export interface BatchData {
  readonly tallies: ReadonlyMap<string, BatchContestTally>;
  readonly entries: ReadonlyMap<string, BatchContestTally>;
}

/** Everything an audit shows: its set-up, its rounds and the risk measured so far. */
export interface AuditView {
  readonly audit: AuditRecord;
  readonly manifest: {
    readonly ballots: number;
    readonly batches: number;
    readonly byCounty: Readonly<Record<string, number>>;
  } | null;
  readonly rounds: readonly {
    readonly round: number;
    readonly draws: number;
    readonly ballots: number;
    readonly entered: number;
    readonly counties: readonly string[];
  }[];
  /** Null until the manifest is imported (contest sizes come from it). */
  readonly measurement: PollingAuditState | null;
  /** Cast vote records imported (comparison audits). */
  readonly cvrs: number;
  /** Batches with a reported tally imported (batch-comparison audits). */
  readonly batchTallies: number;
  /** Full hand counts entered, by contest: the votes and whether they confirm the outcome. */
  readonly handCounts: Readonly<Record<string, HandCountResult>>;
  /** What to do next, in words. */
  readonly next: string;
}

/** A full hand count of a contest and what it shows. */
export interface HandCountResult {
  readonly votes: Readonly<Record<string, number>>;
  /** Choice ids with the most votes (as many as there are seats; ties listed together). */
  readonly winners: readonly string[];
  /** The hand count has the same winners as the reported results. */
  readonly confirmsOutcome: boolean;
}

/** Winners of a count: the choices whose votes exceed those of all but fewer than `seats`. */
export function countWinners(
  choices: readonly { readonly id: string; readonly votes: number }[],
  seats: number,
): string[] {
  return choices
    .filter((c) => choices.filter((o) => o.votes > c.votes).length < seats)
    .map((c) => c.id);
}

/** The audited contests with their ballots (the manifest's total). */
export function contestsWithBallots(audit: AuditRecord, ballots: number): AuditedContest[] {
  return audit.contests.map((c) => ({ ...c, ballots }));
}

/** Groups the stored draws into rounds with what was entered for each ballot. */
export function roundDraws(
  draws: readonly DrawRecord[],
  entries: ReadonlyMap<string, BallotInterpretation>,
): RoundDraw[][] {
  const rounds: RoundDraw[][] = [];
  for (const d of draws) {
    const round = (rounds[d.round - 1] ??= []);
    round.push({ ballotKey: d.ballotKey, interpretation: entries.get(d.ballotKey) ?? null });
  }
  return rounds;
}

/** Builds an audit's view from what is stored. */
export function auditView(
  audit: AuditRecord,
  manifest: readonly ManifestBatchRow[],
  draws: readonly DrawRecord[],
  entries: ReadonlyMap<string, BallotInterpretation>,
  cvrs: ReadonlyMap<string, Readonly<Record<string, readonly string[]>>> = new Map(),
  handCounts: ReadonlyMap<string, Readonly<Record<string, number>>> = new Map(),
  batches: BatchData = { tallies: new Map(), entries: new Map() },
): AuditView {
  const totals = manifest.length === 0 ? null : manifestTotals(manifest);
  const batchAudit = samplesBatches(audit.method);
  // A batch audit's draws are "entered" when their batch's hand tally is.
  const rounds = batchAudit
    ? roundDraws(
        draws,
        new Map(
          [...batches.entries.keys()].map((k): [string, BallotInterpretation] => [
            k,
            { kind: 'found', votes: {} },
          ]),
        ),
      )
    : roundDraws(draws, entries);
  const measure = {
    alpha: audit.riskLimit / 100,
    contests: totals === null ? [] : contestsWithBallots(audit, totals.ballots),
    rounds,
  };
  const alphaSettings = audit.alpha === null ? {} : { settings: audit.alpha };
  const measured =
    totals === null
      ? null
      : audit.method === 'supersimple'
        ? measureComparisonAudit({ ...measure, cvrs })
        : audit.method === 'alpha-comparison'
          ? measureAlphaComparison({ ...measure, cvrs, ...alphaSettings })
          : audit.method === 'alpha-polling'
            ? measureAlphaPolling({ ...measure, ...alphaSettings })
            : batchAudit
              ? batches.tallies.size === 0
                ? { contests: [], finished: false, pending: 0, nextRound: null }
                : measureMacroAudit({
                    alpha: measure.alpha,
                    contests: measure.contests,
                    manifest,
                    tallies: batches.tallies,
                    draws,
                    entries: batches.entries,
                  })
              : measurePollingAudit(measure);
  const hand: Record<string, HandCountResult> = {};
  for (const contest of audit.contests) {
    const votes = handCounts.get(contest.contestId);
    if (votes === undefined) continue;
    const counted = contest.choices.map((c) => ({ id: c.id, votes: votes[c.id] ?? 0 }));
    const winners = countWinners(counted, contest.seats);
    const reported = countWinners(contest.choices, contest.seats);
    hand[contest.contestId] = {
      votes,
      winners,
      confirmsOutcome: sameSet(winners, reported),
    };
  }
  const measurement = measured === null ? null : withHandCounts(measured, hand);
  return {
    audit,
    manifest: totals,
    rounds: rounds.map((r, i) => {
      const ofRound = draws.filter((d) => d.round === i + 1);
      return {
        round: i + 1,
        draws: r.length,
        ballots: new Set(r.map((d) => d.ballotKey)).size,
        entered: new Set(r.filter((d) => d.interpretation !== null).map((d) => d.ballotKey)).size,
        counties: [...new Set(ofRound.map((d) => d.county))].sort(),
      };
    }),
    measurement,
    cvrs: cvrs.size,
    batchTallies: batches.tallies.size,
    handCounts: hand,
    next: nextStep(
      audit,
      totals !== null,
      batchAudit ? batches.tallies.size > 0 : cvrs.size > 0,
      rounds.length,
      measurement,
      Object.keys(hand).length > 0,
    ),
  };
}

function nextStep(
  audit: AuditRecord,
  hasManifest: boolean,
  hasCvrs: boolean,
  rounds: number,
  m: PollingAuditState | null,
  counted: boolean,
): string {
  if (!hasManifest) return 'import the ballot manifest';
  if (usesCvrs(audit.method) && !hasCvrs) return 'import the cast vote records';
  if (samplesBatches(audit.method) && !hasCvrs) return 'import the reported batch tallies';
  if (audit.seed === null) return 'enter the random seed';
  if (m === null) return 'import the ballot manifest';
  if (m.finished && counted)
    return 'finished: every contest met the risk limit or was counted in full';
  if (m.finished) return 'finished: every contest met the risk limit';
  if (m.pending > 0)
    return samplesBatches(audit.method)
      ? `enter the hand tallies of the ${String(m.pending)} sampled batches still open in round ${String(rounds)}`
      : `enter the ${String(m.pending)} sampled ballots still open in round ${String(rounds)}`;
  if (m.nextRound?.fullHandCount === true) return 'escalate to a full hand count';
  return `draw round ${String(rounds + 1)}`;
}

/** One county's retrieval list for a round. */
export function roundRetrieval(
  draws: readonly DrawRecord[],
  round: number,
  county: string,
): RetrievalRow[] {
  return retrievalList(
    draws.filter((d) => d.round === round),
    county,
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

// A contest counted in full is settled by the count (risk 0): the audit of it is over.
function withHandCounts(
  m: PollingAuditState,
  hand: Readonly<Record<string, HandCountResult>>,
): PollingAuditState {
  if (Object.keys(hand).length === 0) return m;
  const contests = m.contests.map((c) =>
    hand[c.contestId] === undefined ? c : { ...c, risk: 0, finished: true },
  );
  const finished = contests.every((c) => c.finished);
  return { ...m, contests, finished, nextRound: finished ? null : m.nextRound };
}
