import {
  alphaMart,
  auditContest,
  optimalComparison,
  overstatementAssorter,
  pluralityAssorter,
  rankContest,
  shrinkTrunc,
  winnerLoserPairs,
  type AssortCard,
  type AuditedContest,
  type BallotInterpretation,
  type ContestRisk,
  type Estimator,
  type PollingAuditState,
  type RoundDraw,
} from '@canvass/core';

/** The key of the single size option of an ALPHA round. */
export const ALPHA_OPTION = 'alpha';

/** Assumed overstatement rates when sizing the next round of a card-level comparison. */
export const ALPHA_COMPARISON_RATES = { oneVote: 0.001, twoVote: 0.0001 } as const;

/** Shrink-trunc's prior weight d, in draws (SHANGRLA's default). */
export const ALPHA_POLLING_D = 100;

/** The ALPHA settings an observer needs to recompute the risk (recorded at creation). */
export function alphaParameters(
  method: 'alpha-polling' | 'alpha-comparison',
): Record<string, unknown> {
  return method === 'alpha-polling'
    ? {
        test: 'ALPHA supermartingale, draws with replacement (N = ∞), t = 1/2',
        assorter:
          'plurality pair (vote_w − vote_l + 1)/2 per (winner, loser); not found 0, overvote 1/2',
        estimator: 'shrink_trunc',
        eta: 'the reported assorter mean (ballots + v_w − v_l) / (2 ballots)',
        d: ALPHA_POLLING_D,
        f: 0,
        nextSize:
          'first draw at which the p-value would reach the risk limit if the rest of the sample followed the reported tally (interleaved)',
      }
    : {
        test: 'ALPHA supermartingale, draws with replacement (N = ∞), t = 1/2',
        assorter:
          'overstatement assorter of the plurality pair, margin (cvr v_w − cvr v_l) / ballots; a ballot without CVR is a phantom CVR (1/2), not found a phantom MVR (0); overvotes count as no vote',
        estimator: 'optimal_comparison',
        p2: 1e-5,
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
 * assorter of each sampled ballot in draw order, tested with ALPHA and the shrink-trunc estimator
 * (prior η the reported assorter mean); the contest's risk is the largest pair p-value.
 */
export function measureAlphaPolling(input: {
  readonly alpha: number;
  readonly contests: readonly AuditedContest[];
  readonly rounds: readonly (readonly RoundDraw[])[];
}): PollingAuditState {
  return measure(input.alpha, input.contests, input.rounds, (contest, draws) => {
    const N = contest.ballots;
    return pairsOf(contest).map(([w, l]): PairTest => {
      const eta = (N + w.votes - l.votes) / (2 * N);
      const x = draws.map((d) => pollingValue(contest, d, w.name, l.name));
      const others = N - w.votes - l.votes;
      return {
        winner: w.name,
        loser: l.name,
        x,
        u: 1,
        estimator: shrinkTrunc({ eta, d: ALPHA_POLLING_D }),
        future: w.votes > l.votes ? interleaved(l.votes, Math.max(0, others), w.votes) : null,
      };
    });
  });
}

/**
 * Measures an ALPHA card-level comparison audit: per pair, the overstatement assorter of each
 * sampled card against its CVR, tested with ALPHA and the optimal-comparison estimator.
 */
export function measureAlphaComparison(input: {
  readonly alpha: number;
  readonly contests: readonly AuditedContest[];
  readonly rounds: readonly (readonly RoundDraw[])[];
  readonly cvrs: ReadonlyMap<string, Readonly<Record<string, readonly string[]>>>;
}): PollingAuditState {
  const { cvrs } = input;
  return measure(input.alpha, input.contests, input.rounds, (contest, draws) => {
    const N = contest.ballots;
    const cvrVotes: Record<string, number> = {};
    for (const cvr of cvrs.values())
      for (const id of marksOf(contest, cvr)) cvrVotes[id] = (cvrVotes[id] ?? 0) + 1;
    return pairsOf(contest).map(([w, l]): PairTest => {
      const margin = ((cvrVotes[w.name] ?? 0) - (cvrVotes[l.name] ?? 0)) / N;
      const b = overstatementAssorter({
        contest: contest.contestId,
        assorter: pluralityAssorter(contest.contestId, w.name, l.name),
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
      const clean = 1 / (2 - margin);
      const one = Math.floor(1 / ALPHA_COMPARISON_RATES.oneVote);
      const two = Math.floor(1 / ALPHA_COMPARISON_RATES.twoVote);
      return {
        winner: w.name,
        loser: l.name,
        x,
        u: b.upperBound,
        estimator: optimalComparison(),
        future:
          margin > 0
            ? (i) => ((i + 1) % two === 0 ? 0 : (i + 1) % one === 0 ? 0.5 / (2 - margin) : clean)
            : null,
      };
    });
  });
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
