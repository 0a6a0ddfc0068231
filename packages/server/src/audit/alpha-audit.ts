import {
  alphaMart,
  auditContest,
  overstatementAssorter,
  pluralityAssorter,
  rankContest,
  supermajorityAssorter,
  winnerLoserPairs,
  type AssortCard,
  type Assorter,
  type AuditedContest,
  type BallotInterpretation,
  type ContestRisk,
  type Estimator,
  type PollingAuditState,
  type RoundDraw,
} from '@canvass/core';
import {
  defaultEstimator,
  describeEstimator,
  estimatorFor,
  shareValue,
  type AlphaSettings,
  type Share,
} from './alpha-settings.ts';

/** The key of the single size option of an ALPHA round. */
export const ALPHA_OPTION = 'alpha';

/** Assumed overstatement rates when sizing the next round of a card-level comparison. */
export const ALPHA_COMPARISON_RATES = { oneVote: 0.001, twoVote: 0.0001 } as const;

/** The ALPHA settings an observer needs to recompute the risk (recorded at creation). */
export function alphaParameters(
  method: 'alpha-polling' | 'alpha-comparison',
  settings: AlphaSettings = { estimator: defaultEstimator(method), supermajority: {} },
): Record<string, unknown> {
  const supermajority = Object.fromEntries(
    Object.entries(settings.supermajority).map(([id, s]) => [
      id,
      { share: `${String(s.numerator)}/${String(s.denominator)}`, ...s },
    ]),
  );
  const common = {
    test: 'ALPHA supermartingale, draws with replacement (N = ∞), t = 1/2',
    estimator: settings.estimator.kind.replace('-', '_'),
    estimatorSetting: settings.estimator,
    estimatorDescription: describeEstimator(settings.estimator),
    supermajority,
  };
  return method === 'alpha-polling'
    ? {
        ...common,
        assorter:
          'plurality pair (vote_w − vote_l + 1)/2 per (winner, loser); not found 0, overvote 1/2. A contest with a required share f: the supermajority assorter of the reported winner, 1/(2f) for a vote for the winner alone, 0 for another single vote, 1/2 for no or more than one vote; not found 0',
        ...(settings.estimator.kind === 'shrink-trunc'
          ? {
              eta:
                settings.estimator.eta0 === 'reported'
                  ? 'the reported assorter mean: (ballots + v_w − v_l) / (2 ballots), or for a share f (v_w/(2f) + (ballots − valid)/2) / ballots'
                  : settings.estimator.eta0,
              d: settings.estimator.d,
              f: 0,
            }
          : {}),
        nextSize:
          'first draw at which the p-value would reach the risk limit if the rest of the sample followed the reported tally (interleaved)',
      }
    : {
        ...common,
        assorter:
          'overstatement assorter of the plurality pair (or, with a required share f, of the supermajority assorter), margin 2Ā − 1 with Ā the assorter mean over the CVRs (a manifest ballot without CVR 1/2); a ballot without CVR is a phantom CVR (1/2), not found a phantom MVR (0); overvotes count as no vote',
        ...(settings.estimator.kind === 'optimal-comparison'
          ? { p2: settings.estimator.p2 }
          : settings.estimator.kind === 'shrink-trunc'
            ? {
                eta:
                  settings.estimator.eta0 === 'reported'
                    ? 'the clean value 1/(2 − v/u_A)'
                    : settings.estimator.eta0,
                d: settings.estimator.d,
                f: 0,
              }
            : {}),
        nextSize: `first draw at which the p-value would reach the risk limit if the rest of the sample had 1-vote overstatements at rate ${String(ALPHA_COMPARISON_RATES.oneVote)} and 2-vote at ${String(ALPHA_COMPARISON_RATES.twoVote)} (each at the end of its period)`,
      };
}

/** Largest number of draws a next-round estimate looks ahead. */
const MAX_LOOKAHEAD = 2_000_000;

interface PairTest {
  readonly winner: string;
  readonly loser: string;
  /** Assorter values of the sample, in draw order. */
  readonly x: number[];
  /** Upper bound of the values. */
  readonly u: number;
  readonly estimator: Estimator;
  /** The i-th value of the hypothetical rest of the sample; null when the pair cannot be confirmed. */
  readonly future: ((i: number) => number) | null;
}

/**
 * Measures an ALPHA ballot-polling audit: per contest and (winner, loser) pair, the plurality
 * assorter of each sampled ballot in draw order (or, for a contest with a required share, the
 * supermajority assorter of its reported winner), tested with ALPHA and the audit's estimator
 * (by default shrink-trunc with prior η the reported assorter mean); the contest's risk is the
 * largest p-value of its tests.
 */
export function measureAlphaPolling(input: {
  readonly alpha: number;
  readonly contests: readonly AuditedContest[];
  readonly rounds: readonly (readonly RoundDraw[])[];
  readonly settings?: AlphaSettings;
}): PollingAuditState {
  const settings = input.settings ?? {
    estimator: defaultEstimator('alpha-polling'),
    supermajority: {},
  };
  return measure(input.alpha, input.contests, input.rounds, (contest, draws) => {
    const N = contest.ballots;
    const share = settings.supermajority[contest.contestId];
    if (share !== undefined) {
      const { winner, assorter, valid, winnerVotes } = supermajorityOf(contest, share);
      const u = assorter.upperBound;
      const x = draws.map((d) => {
        const it = d.interpretation as BallotInterpretation;
        return it.kind === 'not-found' ? 0 : assorter.assort(card(contest, it.votes));
      });
      const mean = (winnerVotes * u + (N - valid) / 2) / N;
      const scaled = interleaved(valid - winnerVotes, Math.max(0, N - valid), winnerVotes);
      return [
        {
          winner,
          loser: shareLabel(share),
          x,
          u,
          estimator: estimatorFor(settings.estimator, mean),
          future: mean > 0.5 ? (i) => (scaled(i) === 1 ? u : scaled(i)) : null,
        },
      ];
    }
    return pairsOf(contest).map(([w, l]): PairTest => {
      const eta = (N + w.votes - l.votes) / (2 * N);
      const x = draws.map((d) => pollingValue(contest, d, w.name, l.name));
      const others = N - w.votes - l.votes;
      return {
        winner: w.name,
        loser: l.name,
        x,
        u: 1,
        estimator: estimatorFor(settings.estimator, eta),
        future: w.votes > l.votes ? interleaved(l.votes, Math.max(0, others), w.votes) : null,
      };
    });
  });
}

/**
 * Measures an ALPHA card-level comparison audit: per test (each plurality pair, or a contest's
 * supermajority assertion), the overstatement assorter of each sampled card against its CVR,
 * tested with ALPHA and the audit's estimator (by default optimal comparison).
 */
export function measureAlphaComparison(input: {
  readonly alpha: number;
  readonly contests: readonly AuditedContest[];
  readonly rounds: readonly (readonly RoundDraw[])[];
  readonly cvrs: ReadonlyMap<string, Readonly<Record<string, readonly string[]>>>;
  readonly settings?: AlphaSettings;
}): PollingAuditState {
  const { cvrs } = input;
  const settings = input.settings ?? {
    estimator: defaultEstimator('alpha-comparison'),
    supermajority: {},
  };
  return measure(input.alpha, input.contests, input.rounds, (contest, draws) => {
    const N = contest.ballots;
    const share = settings.supermajority[contest.contestId];
    const tests: { winner: string; loser: string; assorter: Assorter }[] =
      share === undefined
        ? pairsOf(contest).map(([w, l]) => ({
            winner: w.name,
            loser: l.name,
            assorter: pluralityAssorter(contest.contestId, w.name, l.name),
          }))
        : [
            {
              winner: supermajorityOf(contest, share).winner,
              loser: shareLabel(share),
              assorter: supermajorityOf(contest, share).assorter,
            },
          ];
    // One pass over the CVRs: votes per choice, and cards with exactly one vote, per choice.
    const cvrVotes: Record<string, number> = {};
    const single: Record<string, number> = {};
    let singles = 0;
    for (const cvr of cvrs.values()) {
      const marks = marksOf(contest, cvr);
      for (const id of marks) cvrVotes[id] = (cvrVotes[id] ?? 0) + 1;
      if (marks.length === 1) {
        const id = marks[0] as string;
        single[id] = (single[id] ?? 0) + 1;
        singles++;
      }
    }
    return tests.map(({ winner, loser, assorter }): PairTest => {
      // Assorter margin 2Ā − 1 over the manifest's ballots (one without a CVR counts ½): for a
      // pair (v_w − v_l)/N; for a share f, 2(s_w/(2f) + (N − s)/2)/N − 1, with s_w the cards
      // with a vote for the winner alone and s those with exactly one vote.
      const margin =
        share === undefined
          ? ((cvrVotes[winner] ?? 0) - (cvrVotes[loser] ?? 0)) / N
          : (2 * ((single[winner] ?? 0) * assorter.upperBound + (N - singles) / 2)) / N - 1;
      const b = overstatementAssorter({
        contest: contest.contestId,
        assorter,
        margin,
        useStyle: false,
      });
      const x = draws.map((d) => {
        const cvr = cvrs.get(d.ballotKey);
        const cvrCard: AssortCard =
          cvr === undefined ? { votes: {}, phantom: true } : card(contest, cvr);
        const it = d.interpretation as BallotInterpretation;
        const mvrCard: AssortCard =
          it.kind === 'not-found' ? { votes: {}, phantom: true } : card(contest, it.votes);
        return b.assort(cvrCard, mvrCard);
      });
      const denom = 2 - margin / assorter.upperBound;
      const clean = 1 / denom;
      const one = Math.floor(1 / ALPHA_COMPARISON_RATES.oneVote);
      const two = Math.floor(1 / ALPHA_COMPARISON_RATES.twoVote);
      return {
        winner,
        loser,
        x,
        u: b.upperBound,
        estimator: estimatorFor(settings.estimator, clean),
        future:
          margin > 0
            ? (i) => ((i + 1) % two === 0 ? 0 : (i + 1) % one === 0 ? 0.5 / denom : clean)
            : null,
      };
    });
  });
}

/** The supermajority assertion of a contest: its reported winner gets more than the share. */
function supermajorityOf(
  contest: AuditedContest,
  share: Share,
): { winner: string; assorter: Assorter; valid: number; winnerVotes: number } {
  const [top] = rankContest(auditContest(contest)).winners;
  const winner = top?.name ?? contest.choices[0]?.id ?? '';
  const valid = contest.choices.reduce((a, c) => a + c.votes, 0);
  const winnerVotes = contest.choices.find((c) => c.id === winner)?.votes ?? 0;
  return {
    winner,
    valid,
    winnerVotes,
    assorter: supermajorityAssorter(
      contest.contestId,
      winner,
      contest.choices.map((c) => c.id),
      shareValue(share),
    ),
  };
}

/** How a supermajority test names what the winner is tested against. */
export function shareLabel(share: Share): string {
  return `more than ${String(share.numerator)}/${String(share.denominator)} of valid votes`;
}

function measure(
  alpha: number,
  contests: readonly AuditedContest[],
  rounds: readonly (readonly RoundDraw[])[],
  testsOf: (contest: AuditedContest, draws: readonly RoundDraw[]) => PairTest[],
): PollingAuditState {
  const last = rounds[rounds.length - 1];
  const pending = last === undefined ? 0 : last.filter((d) => d.interpretation === null).length;
  const complete = pending === 0 ? rounds : rounds.slice(0, -1);
  const draws = complete.flat();
  const measured = contests.map((contest) => {
    const tests = testsOf(contest, draws);
    const pairs = tests.map((t) => ({
      winner: t.winner,
      loser: t.loser,
      pValue: t.future === null ? 1 : pValue(t),
    }));
    const risk = Math.max(...pairs.map((p) => p.pValue));
    const sampled: Record<string, number> = Object.fromEntries(
      contest.choices.map((c) => [c.id, 0]),
    );
    for (const d of draws) {
      const it = d.interpretation;
      if (it?.kind !== 'found') continue;
      const marked = it.votes[contest.contestId] ?? [];
      if (marked.length <= contest.votesAllowed)
        for (const id of new Set(marked)) sampled[id] = (sampled[id] ?? 0) + 1;
    }
    const state: ContestRisk = {
      contestId: contest.contestId,
      risk,
      pairs,
      finished: complete.length > 0 && risk <= alpha,
      sampled,
    };
    return { contest, tests, state };
  });
  const finished = measured.every((m) => m.state.finished);
  if (finished || pending > 0)
    return { contests: measured.map((m) => m.state), finished, pending, nextRound: null };
  let size = 1;
  let full = false;
  const ballots = Math.min(...contests.map((c) => c.ballots));
  for (const m of measured.filter((x) => !x.state.finished)) {
    for (const t of m.tests) {
      const n = t.future === null ? null : nextSize(t, alpha, m.contest.ballots - draws.length);
      if (n === null) full = true;
      else size = Math.max(size, n);
    }
  }
  if (full) size = Math.max(size, ballots - draws.length);
  return {
    contests: measured.map((m) => m.state),
    finished,
    pending,
    nextRound: {
      options: { [ALPHA_OPTION]: { type: null, size, prob: null } },
      recommended: ALPHA_OPTION,
      fullHandCount: full || draws.length + size >= ballots,
    },
  };
}

function pValue(t: PairTest): number {
  if (t.x.length === 0) return 1;
  return alphaMart(t.x, { N: Infinity, t: 0.5, u: t.u }, t.estimator).pValue;
}

/**
 * Draws still needed: the first draw at which the p-value would reach α if the sample so far
 * were followed by the pair's hypothetical values; null when not within `limit` draws.
 */
function nextSize(t: PairTest, alpha: number, limit: number): number | null {
  const future = t.future;
  if (future === null) return null;
  const cap = Math.min(Math.max(limit, 1), MAX_LOOKAHEAD);
  const setting = { N: Infinity, t: 0.5, u: t.u };
  for (let ahead = Math.min(256, cap); ; ahead = Math.min(ahead * 2, cap)) {
    const x = t.x.slice();
    for (let i = 0; i < ahead; i++) x.push(future(i));
    const { pHistory } = alphaMart(x, setting, t.estimator);
    for (let j = t.x.length; j < x.length; j++)
      if ((pHistory[j] as number) <= alpha) return j + 1 - t.x.length;
    if (ahead === cap) return null;
  }
}

function pairsOf(contest: AuditedContest) {
  return winnerLoserPairs(rankContest(auditContest(contest)));
}

function pollingValue(contest: AuditedContest, d: RoundDraw, w: string, l: string): number {
  const it = d.interpretation as BallotInterpretation;
  if (it.kind === 'not-found') return 0;
  const marked = it.votes[contest.contestId] ?? [];
  if (marked.length > contest.votesAllowed) return 0.5;
  return ((marked.includes(w) ? 1 : 0) - (marked.includes(l) ? 1 : 0) + 1) / 2;
}

function marksOf(
  contest: AuditedContest,
  votes: Readonly<Record<string, readonly string[]>>,
): readonly string[] {
  const marked = votes[contest.contestId] ?? [];
  return marked.length > contest.votesAllowed ? [] : [...new Set(marked)];
}

function card(
  contest: AuditedContest,
  votes: Readonly<Record<string, readonly string[]>>,
): AssortCard {
  const marked = votes[contest.contestId];
  if (marked === undefined) return { votes: {} };
  return {
    votes: {
      [contest.contestId]: Object.fromEntries(marksOf(contest, votes).map((id) => [id, 1])),
    },
  };
}

/**
 * The i-th value of a population of `small` 0s, `medium` ½s and `big` 1s spread evenly: class k's
 * j-th copy sits at j/n_k, ties ordered big, small, medium; past the end it starts again.
 */
export function interleaved(small: number, medium: number, big: number): (i: number) => number {
  const counts = [small, medium, big];
  const values = [0, 0.5, 1];
  const total = small + medium + big;
  const cache: number[] = [];
  const next = [0, 0, 0];
  const TIE = [1, 2, 0];
  return (i) => {
    const at = total === 0 ? 0 : i % total;
    while (cache.length <= at) {
      let best = -1;
      for (let k = 0; k < 3; k++) {
        const n = counts[k] as number;
        const j = next[k] as number;
        if (j >= n) continue;
        if (best === -1) {
          best = k;
          continue;
        }
        const nb = counts[best] as number;
        const jb = next[best] as number;
        const cmp = j * nb - jb * n;
        if (cmp < 0 || (cmp === 0 && (TIE[k] as number) < (TIE[best] as number))) best = k;
      }
      if (best === -1) break;
      next[best] = (next[best] as number) + 1;
      cache.push(values[best] as number);
    }
    return cache[at] ?? 0.5;
  };
}
