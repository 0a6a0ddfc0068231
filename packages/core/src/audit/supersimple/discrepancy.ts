import { rankContest, winnerLoserPairs, type AuditContest } from '../contest.ts';

/** One choice's interpretation on a CVR or audited ballot: '1' vote, '0' none, 'o'/'u' ES&S. */
export type Mark = string;

/** Per-contest marks of one ballot: `{ contest: { choice: mark } }`. */
export type BallotMarks = Readonly<Record<string, Readonly<Record<string, Mark>>>>;

/** A ballot's discrepancy for one contest. */
export interface Discrepancy {
  /** Overstatement in votes for the kept pair, in {−2, …, 2}. */
  readonly countedAs: number;
  /** countedAs / (V_w − V_l) for that pair. */
  readonly weightedError: number;
}

/** Which pair's discrepancy to keep in multi-winner contests. */
export type DiscrepancySelection = 'max-weighted-error' | 'max-counted-as';

const vote = (m: Mark | undefined): number => (m === '1' ? 1 : 0);

/**
 * Overstatement e = (v_w − a_w) − (v_l − a_l) for one pair. A missing CVR or a ballot not found
 * counts as 2; a contest missing on either side counts as no votes there. ES&S marks: 'o'
 * (overvote) is right when the audit board also saw more than one vote, else it was read as no
 * vote for either; 'u' (undervote) is right when the board saw no vote.
 */
export function pairOverstatement(
  contestName: string,
  winner: string,
  loser: string,
  reported: BallotMarks | null,
  audited: BallotMarks | null,
): number {
  if (reported === null || audited === null) return 2;
  const r = reported[contestName];
  const a = audited[contestName] ?? {};
  const aW = vote(a[winner]);
  const aL = vote(a[loser]);
  const rW = r?.[winner];
  const rL = r?.[loser];
  if (rW === 'o' || rL === 'o') {
    const auditedVotes = Object.values(a).filter((m) => m === '1').length;
    return auditedVotes > 1 ? 0 : 1 - aW - (1 - aL);
  }
  if (rW === 'u' || rL === 'u') {
    const auditedVotes = Object.values(a).filter((m) => m === '1').length;
    return auditedVotes === 0 ? 0 : -aW + aL;
  }
  return vote(rW) - aW - (vote(rL) - aL);
}

/**
 * The ballot's discrepancy for the contest, or null when every pair agrees. Canvass keeps the
 * pair with the largest weighted error (the largest share of its margin), which is what risk
 * depends on; Arlo keeps the largest `counted_as`, which can understate multi-winner taint
 * (RLA.md §10.5). `'max-counted-as'` reproduces Arlo.
 * @example ballotDiscrepancy(contest, { C: { W: '1', L: '0' } }, { C: { W: '0', L: '1' } })
 */
export function ballotDiscrepancy(
  contest: AuditContest,
  reported: BallotMarks | null,
  audited: BallotMarks | null,
  selection: DiscrepancySelection = 'max-weighted-error',
): Discrepancy | null {
  let best: Discrepancy | null = null;
  for (const [w, l] of winnerLoserPairs(rankContest(contest))) {
    const e = pairOverstatement(contest.name, w.name, l.name, reported, audited);
    if (e === 0) continue;
    const d = { countedAs: e, weightedError: e / (w.votes - l.votes) };
    const better =
      best === null ||
      (selection === 'max-counted-as'
        ? d.countedAs > best.countedAs
        : d.weightedError > best.weightedError);
    if (better) best = d;
  }
  return best;
}
