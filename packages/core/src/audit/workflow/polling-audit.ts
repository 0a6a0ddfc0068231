import type { AuditContest } from '../contest.ts';
import { bravoRisk, bravoSampleSizes, type RoundTally, type SizeOption } from '../bravo/bravo.ts';

/** A contest under audit, with the reported results it is checked against. */
export interface AuditedContest {
  readonly contestId: string;
  readonly name: string;
  /** Reported votes per choice, in listing order. */
  readonly choices: readonly {
    readonly id: string;
    readonly name: string;
    readonly votes: number;
  }[];
  /** Ballot cards that could contain the contest (the manifest's ballots). */
  readonly ballots: number;
  readonly seats: number;
  readonly votesAllowed: number;
}

/** What the audit board recorded for one sampled ballot. */
export type BallotInterpretation =
  | { readonly kind: 'not-found' }
  /** Choice ids marked per contest; a contest absent from `votes` is not on this ballot. */
  | { readonly kind: 'found'; readonly votes: Readonly<Record<string, readonly string[]>> };

/** One draw of a round and what was recorded for its ballot (null until entered). */
export interface RoundDraw {
  readonly ballotKey: string;
  readonly interpretation: BallotInterpretation | null;
}

/** The risk measured for one contest. */
export interface ContestRisk {
  readonly contestId: string;
  /** The largest pairwise p-value: the risk that a wrong outcome would go uncorrected. */
  readonly risk: number;
  readonly pairs: readonly {
    readonly winner: string;
    readonly loser: string;
    readonly pValue: number;
  }[];
  readonly finished: boolean;
  /** Sampled votes per choice id, over all complete rounds. */
  readonly sampled: Readonly<Record<string, number>>;
}

/** Where a ballot-polling audit stands. */
export interface PollingAuditState {
  /** Per contest, over the rounds whose every draw has been entered. */
  readonly contests: readonly ContestRisk[];
  /** Every contest met the risk limit. */
  readonly finished: boolean;
  /** Draws still to be entered in the current round. */
  readonly pending: number;
  /** Size options for the next round (null while a round is open or when finished). */
  readonly nextRound: NextRound | null;
}

/** Size options for the next round, over all unfinished contests. */
export interface NextRound {
  /** Option key ('asn', '0.7', '0.8', '0.9', 'all-ballots') → the largest size over contests. */
  readonly options: Readonly<Record<string, SizeOption>>;
  /** The option Canvass proposes: '0.9' when offered, else the largest. */
  readonly recommended: string;
  /** The proposal reaches every ballot: escalate to a full hand count. */
  readonly fullHandCount: boolean;
}

/** The audit math's view of a contest (choices keyed by id). */
export function auditContest(contest: AuditedContest): AuditContest {
  return {
    name: contest.contestId,
    choices: contest.choices.map((c) => [c.id, c.votes] as const),
    ballots: contest.ballots,
    numWinners: contest.seats,
    votesAllowed: contest.votesAllowed,
  };
}

/**
 * Sampled votes of one contest in one round. A ballot drawn twice counts twice (draws are with
 * replacement). A ballot that cannot be found counts as a vote for every reported loser, the
 * worst case for the reported outcome; an overvoted contest counts for no one.
 */
export function roundTally(contest: AuditedContest, draws: readonly RoundDraw[]): RoundTally {
  const tally: Record<string, number> = Object.fromEntries(contest.choices.map((c) => [c.id, 0]));
  const losers = reportedLosers(contest);
  for (const draw of draws) {
    const it = draw.interpretation;
    if (it === null) continue;
    if (it.kind === 'not-found') {
      for (const id of losers) tally[id] = (tally[id] ?? 0) + 1;
      continue;
    }
    const marked = it.votes[contest.contestId] ?? [];
    if (marked.length > contest.votesAllowed) continue;
    for (const id of new Set(marked)) if (id in tally) tally[id] = (tally[id] ?? 0) + 1;
  }
  return tally;
}

function reportedLosers(contest: AuditedContest): string[] {
  // The same order the audit math ranks by: votes descending, stable for ties.
  const ranked = contest.choices
    .map((c, index) => ({ id: c.id, votes: c.votes, index }))
    .sort((a, b) => b.votes - a.votes || a.index - b.index);
  return ranked.slice(contest.seats).map((c) => c.id);
}

/**
 * Measures a ballot-polling (BRAVO) audit: the risk of each contest over the complete rounds,
 * whether it is finished, and, when the last round is complete and some contest is not, the
 * size options for the next round (the largest over the unfinished contests).
 * @example measurePollingAudit({ alpha: 0.1, contests, rounds: [] }).nextRound?.recommended // '0.9'
 */
export function measurePollingAudit(input: {
  readonly alpha: number;
  readonly contests: readonly AuditedContest[];
  readonly rounds: readonly (readonly RoundDraw[])[];
}): PollingAuditState {
  const { alpha, contests, rounds } = input;
  const last = rounds[rounds.length - 1];
  const pending = last === undefined ? 0 : last.filter((d) => d.interpretation === null).length;
  const complete = pending === 0 ? rounds : rounds.slice(0, -1);
  const numSampled = complete.reduce((n, r) => n + r.length, 0);
  const measured = contests.map((contest) => {
    const tallies = complete.map((draws) => roundTally(contest, draws));
    const risk = bravoRisk(alpha, auditContest(contest), tallies);
    const sampled: Record<string, number> = {};
    for (const t of tallies)
      for (const [id, n] of Object.entries(t)) sampled[id] = (sampled[id] ?? 0) + n;
    const state: ContestRisk = {
      contestId: contest.contestId,
      risk: Math.max(...risk.pValues.map((p) => p.pValue)),
      pairs: risk.pValues,
      finished: complete.length > 0 && risk.finished,
      sampled,
    };
    return { contest, tallies, state };
  });
  const finished = measured.every((m) => m.state.finished);
  if (finished || pending > 0) {
    return { contests: measured.map((m) => m.state), finished, pending, nextRound: null };
  }
  const options: Record<string, SizeOption> = {};
  for (const m of measured.filter((x) => !x.state.finished)) {
    const sizes = bravoSampleSizes({
      alpha,
      contest: auditContest(m.contest),
      rounds: m.tallies,
      numSampled,
    });
    const offered: Readonly<Record<string, SizeOption>> = sizes.ok
      ? sizes.value
      : { 'all-ballots': { type: 'all-ballots', size: m.contest.ballots, prob: null } };
    for (const [key, option] of Object.entries(offered)) {
      const known = options[key];
      if (known === undefined || option.size > known.size) options[key] = option;
    }
  }
  const recommended =
    '0.9' in options
      ? '0.9'
      : (Object.entries(options).sort((a, b) => b[1].size - a[1].size)[0]?.[0] ?? 'all-ballots');
  const size = options[recommended]?.size ?? Infinity;
  const ballots = Math.min(...contests.map((c) => c.ballots));
  return {
    contests: measured.map((m) => m.state),
    finished,
    pending,
    nextRound: {
      options,
      recommended,
      fullHandCount: recommended === 'all-ballots' || numSampled + size >= ballots,
    },
  };
}
