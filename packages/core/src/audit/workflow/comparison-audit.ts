import type { BallotMarks } from '../supersimple/discrepancy.ts';
import { ballotDiscrepancy } from '../supersimple/discrepancy.ts';
import { supersimpleRisk, supersimpleSampleSize } from '../supersimple/supersimple.ts';
import {
  auditContest,
  type AuditedContest,
  type BallotInterpretation,
  type ContestRisk,
  type PollingAuditState,
  type RoundDraw,
} from './polling-audit.ts';

/** The key of the single size option of a ballot-comparison round. */
export const COMPARISON_OPTION = 'supersimple';

/**
 * Measures a ballot-comparison (SuperSimple) audit: for each sampled ballot the discrepancy
 * between its cast vote record and the audit board's reading (a missing CVR or a ballot not
 * found is a 2-vote overstatement), the Kaplan-Markov risk per contest over the complete rounds,
 * and the next round's size from the observed overstatement rates.
 */
export function measureComparisonAudit(input: {
  readonly alpha: number;
  readonly contests: readonly AuditedContest[];
  readonly rounds: readonly (readonly RoundDraw[])[];
  /** Ballot key → marked choice ids per contest, from the imported CVRs. */
  readonly cvrs: ReadonlyMap<string, Readonly<Record<string, readonly string[]>>>;
}): PollingAuditState {
  const { alpha, contests, rounds, cvrs } = input;
  const last = rounds[rounds.length - 1];
  const pending = last === undefined ? 0 : last.filter((d) => d.interpretation === null).length;
  const complete = pending === 0 ? rounds : rounds.slice(0, -1);
  const draws = complete.flat();
  const measured = contests.map((contest) => {
    const math = auditContest(contest);
    const times = new Map<string, { interpretation: BallotInterpretation | null; times: number }>();
    for (const d of draws) {
      const known = times.get(d.ballotKey);
      if (known === undefined)
        times.set(d.ballotKey, { interpretation: d.interpretation, times: 1 });
      else known.times++;
    }
    let oneOver = 0;
    let twoOver = 0;
    const sampled: Record<string, number> = Object.fromEntries(
      contest.choices.map((c) => [c.id, 0]),
    );
    const sample = [...times].map(([key, { interpretation, times: n }]) => {
      const cvr = cvrs.get(key);
      const reported = cvr === undefined ? null : marks(contest, cvr, null);
      const audited =
        interpretation === null || interpretation.kind === 'not-found'
          ? null
          : marks(contest, interpretation.votes, cvr ?? null);
      const discrepancy = ballotDiscrepancy(math, reported, audited);
      if (discrepancy?.countedAs === 1) oneOver += n;
      if (discrepancy?.countedAs === 2) twoOver += n;
      if (interpretation?.kind === 'found') {
        const marked = interpretation.votes[contest.contestId] ?? [];
        if (marked.length <= contest.votesAllowed)
          for (const id of marked) sampled[id] = (sampled[id] ?? 0) + n;
      }
      return { discrepancy, timesSampled: n };
    });
    const risk = supersimpleRisk(alpha, math, sample);
    const state: ContestRisk = {
      contestId: contest.contestId,
      risk: risk.pValue,
      pairs: [],
      finished: complete.length > 0 && risk.finished,
      sampled,
    };
    return { contest, state, counts: { sampleSize: draws.length, oneOver, twoOver } };
  });
  const finished = measured.every((m) => m.state.finished);
  if (finished || pending > 0)
    return { contests: measured.map((m) => m.state), finished, pending, nextRound: null };
  const size = Math.max(
    1,
    ...measured
      .filter((m) => !m.state.finished)
      .map((m) => supersimpleSampleSize(alpha, auditContest(m.contest), m.counts)),
  );
  const ballots = Math.min(...contests.map((c) => c.ballots));
  return {
    contests: measured.map((m) => m.state),
    finished,
    pending,
    nextRound: {
      options: { [COMPARISON_OPTION]: { type: null, size, prob: null } },
      recommended: COMPARISON_OPTION,
      fullHandCount: draws.length + size >= ballots,
    },
  };
}

/**
 * A ballot's marks for one contest in the comparison math's form. More marks than the contest
 * allows is an overvote: on a CVR every choice reads 'o'; on the audited ballot the marks count
 * as no vote, except against an overvoted CVR, whose rule looks at how many marks the board saw.
 */
function marks(
  contest: AuditedContest,
  votes: Readonly<Record<string, readonly string[]>>,
  cvr: Readonly<Record<string, readonly string[]>> | null,
): BallotMarks {
  const marked = votes[contest.contestId];
  if (marked === undefined) return {};
  const over = marked.length > contest.votesAllowed;
  const cvrOver = cvr !== null && (cvr[contest.contestId]?.length ?? 0) > contest.votesAllowed;
  const row: Record<string, string> = {};
  for (const c of contest.choices) {
    const has = marked.includes(c.id);
    if (cvr === null) row[c.id] = over ? 'o' : has ? '1' : '0';
    else row[c.id] = has && (!over || cvrOver) ? '1' : '0';
  }
  return { [contest.contestId]: row };
}
