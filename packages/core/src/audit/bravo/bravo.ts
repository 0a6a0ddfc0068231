import { err, ok, type Result } from '../../util/result.ts';
import {
  rankContest,
  winnerLoserPairs,
  type AuditContest,
  type AuditMathError,
  type RankedChoice,
} from '../contest.ts';
import { bravoAsn, bravoExpectedProb, bravoLogStatistic, bravoQuantileSize } from './bravo-math.ts';

/** Sampled votes per choice in one round. */
export type RoundTally = Readonly<Record<string, number>>;

/** The p-value of one (winner, loser) pair. */
export interface PairPValue {
  /** Reported winner. */
  readonly winner: string;
  /** Reported loser ('' when the contest has no loser). */
  readonly loser: string;
  /** min(1, 1/T). */
  readonly pValue: number;
}

/** Risk measurement of a ballot-polling audit. */
export interface AuditRisk {
  /** Per-pair p-values; the contest's risk is their maximum. */
  readonly pValues: readonly PairPValue[];
  /** Every pair's risk is at most the risk limit (or every ballot was counted). */
  readonly finished: boolean;
}

/**
 * BRAVO risk after the rounds so far (tallies are summed over rounds). Votes for other choices
 * are ignored; a full hand count (sampled votes ≥ ballots) ends the audit with p = 0.
 * @example
 * bravoRisk(0.1, { name: 'c', choices: [['A', 60], ['B', 40]], ballots: 100, numWinners: 1,
 *   votesAllowed: 1 }, [{ A: 30, B: 10 }]).finished // true
 */
export function bravoRisk(
  alpha: number,
  contest: AuditContest,
  rounds: readonly RoundTally[],
): AuditRisk {
  const ranked = rankContest(contest);
  const sampled = sumRounds(rounds);
  const sampledVotes = [...sampled.values()].reduce((s, v) => s + v, 0);
  const pairs = winnerLoserPairs(ranked);
  if (pairs.length === 0) {
    const winner = ranked.winners[0]?.name ?? '';
    return { pValues: [{ winner, loser: '', pValue: 1 }], finished: false };
  }
  const fullCount = sampledVotes >= contest.ballots;
  let finished = true;
  const pValues = pairs.map(([w, l]) => {
    const s = w.pVotes / (w.pVotes + l.pVotes);
    const logT = bravoLogStatistic(s, sampled.get(w.name) ?? 0, sampled.get(l.name) ?? 0);
    // T = 0 (a zero-vote loser was sampled) means no evidence at all: raw risk 1.
    const raw = logT === -Infinity ? 1 : Math.exp(-logT);
    if (!(raw <= alpha)) finished = false;
    return { winner: w.name, loser: l.name, pValue: fullCount ? 0 : Math.min(1, raw) };
  });
  return { pValues, finished: fullCount || finished };
}

/** A sample-size option. */
export interface SizeOption {
  /** 'ASN', 'all-ballots', or null for the quantile options (Arlo's labels). */
  readonly type: 'ASN' | 'all-ballots' | null;
  /** Ballots to draw in the next round. */
  readonly size: number;
  /** Chance of finishing in that round, when known. */
  readonly prob: number | null;
}

/** Size options keyed 'asn', '0.7', '0.8', '0.9' or 'all-ballots'. */
export type SizeOptions = Readonly<Record<string, SizeOption>>;

/** Inputs of {@link bravoSampleSizes}. */
export interface BravoSizeInput {
  /** Risk limit as a fraction. */
  readonly alpha: number;
  /** The contest. */
  readonly contest: AuditContest;
  /** Tallies of earlier rounds (empty in round 1). */
  readonly rounds: readonly RoundTally[];
  /** Ballots drawn in earlier rounds. */
  readonly numSampled: number;
}

const QUANTILES = ['0.7', '0.8', '0.9'] as const;

/**
 * BRAVO sample-size options for the next round: the ASN and the 70/80/90% completion quantiles
 * (single-winner), or 'all-ballots' for a tie, α = 0, or a large contest needing ≥ 25% of ballots.
 * A zero-vote loser is not special-cased to one ballot (Arlo's ASN of 1 cannot meet α < ½):
 * every winner vote doubles T, so ⌈log2(1/(αT))⌉ winner votes are needed, certainly.
 * @example
 * bravoSampleSizes({ alpha: 0.1, numSampled: 0, rounds: [], contest: { name: 'c',
 *   choices: [['A', 6000], ['B', 4000]], ballots: 10000, numWinners: 1, votesAllowed: 1 } })
 */
export function bravoSampleSizes(input: BravoSizeInput): Result<SizeOptions, AuditMathError> {
  const { alpha, contest } = input;
  const ballots = contest.ballots;
  const allBallots = { 'all-ballots': { type: 'all-ballots', size: ballots, prob: null } } as const;
  if (input.numSampled >= ballots) {
    return err({ type: 'ValueError', message: 'All ballots have already been audited!' });
  }
  if (alpha === 0) return ok(allBallots);
  const ranked = rankContest(contest);
  const lastWinner = ranked.winners[ranked.winners.length - 1];
  const firstLoser = ranked.losers[0];
  if (lastWinner === undefined || firstLoser === undefined) {
    return err({ type: 'ValueError', message: 'Contest must have at least one loser' });
  }
  if (lastWinner.pBallots === firstLoser.pBallots) return ok(allBallots);
  const sampled = sumRounds(input.rounds);
  const pairInput = (w: RankedChoice, l: RankedChoice) => ({
    alpha,
    pW: w.pBallots,
    pL: l.pBallots,
    sampleW: sampled.get(w.name) ?? 0,
    sampleL: sampled.get(l.name) ?? 0,
  });

  if (firstLoser.pBallots === 0)
    return ok({ asn: landslideOption(alpha, ranked.winners, sampled) });

  const pairs = winnerLoserPairs(ranked).filter(([, l]) => l.pBallots > 0);
  let asn = -Infinity;
  let asnPair = pairs[0];
  for (const pair of pairs) {
    const size = bravoAsn(pairInput(...pair));
    if (size > asn) {
      asn = size;
      asnPair = pair;
    }
  }
  if (asnPair === undefined) return ok(allBallots);
  // A non-positive ASN for every pair means the sample already meets the risk limit.
  if (asn <= 0) return err({ type: 'ValueError', message: 'Sample indicates the audit is over' });
  if (ranked.winners.length > 1) return ok({ asn: { type: 'ASN', size: asn, prob: null } });

  const asnProb = bravoExpectedProb(pairInput(...asnPair), asn);
  const options: Record<string, SizeOption> = { asn: { type: 'ASN', size: asn, prob: asnProb } };
  for (const q of QUANTILES) {
    let size = 0;
    for (const pair of pairs)
      size = Math.max(size, bravoQuantileSize(pairInput(...pair), Number(q), ballots));
    options[q] = { type: null, size, prob: Number(q) };
  }
  if (ballots > 100_000 && (options['0.9']?.size ?? 0) >= 0.25 * ballots) return ok(allBallots);
  return ok(options);
}

// Every sampled winner vote doubles T against a zero-vote loser, and no loser vote can appear if
// the reported result is right: the size is certain, so prob = 1.
function landslideOption(
  alpha: number,
  winners: readonly RankedChoice[],
  sampled: ReadonlyMap<string, number>,
): SizeOption {
  let size = 0;
  for (const w of winners) {
    const have = sampled.get(w.name) ?? 0;
    const needVotes = Math.max(0, Math.ceil(Math.log2(1 / alpha) - 1e-12) - have);
    size = Math.max(size, Math.ceil(needVotes / w.pBallots));
  }
  return { type: 'ASN', size: Math.max(1, size), prob: 1 };
}

/** Sums per-choice tallies over rounds. */
export function sumRounds(rounds: readonly RoundTally[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const round of rounds) {
    for (const [name, votes] of Object.entries(round))
      total.set(name, (total.get(name) ?? 0) + votes);
  }
  return total;
}
