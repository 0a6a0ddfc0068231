import type { Projection } from './project-outcome.ts';

/** Which side of the pair a call is for. */
export type CallSide = 'first' | 'second';

/** How a call was reached. */
export type CallKind = 'statistical' | 'mathematical';

/** The guard rules a statistical call must also pass. */
export interface CallGuards {
  /** The projected margin must be at least this far from a tie, points (recount-like). */
  readonly minimumMargin: number;
  /** At least this share of the expected vote must be counted. */
  readonly minimumExpectedVote: number;
  /**
   * Every county class holding at least `classWeightFloor` of the baseline vote must have at
   * least this share of its baseline vote in: a call never rests on one kind of place alone.
   */
  readonly classReported: number;
  readonly classWeightFloor: number;
}

/** Guards used unless told otherwise. */
export const DEFAULT_CALL_GUARDS: CallGuards = {
  minimumMargin: 0.5,
  minimumExpectedVote: 0.2,
  classReported: 0.25,
  classWeightFloor: 0.05,
};

/** The figures a call decision was made from, kept with the call. */
export interface CallInputs {
  readonly projectedMargin: number;
  readonly interval99: readonly [number, number];
  readonly expectedVoteShare: number;
  readonly precinctsReported: number;
  readonly precincts: number;
  /** Counted lead of the side called, in votes (negative when it trails the count). */
  readonly lead: number;
  readonly outstandingMax: number | null;
}

/** A call the rules make on one projection (not yet an event). */
export interface CallDecision {
  readonly side: CallSide;
  readonly kind: CallKind;
  readonly reason: string;
  readonly inputs: CallInputs;
}

/**
 * Applies the call rules to one projection. A mathematical call needs the counted lead to exceed
 * every vote that could still come (exact integer comparison); a statistical call needs the 99%
 * interval to exclude a tie and every guard to agree. Returns null when neither rule fires.
 * @example const decision = decideCall(projection) // { side: 'first', kind: 'statistical', ... }
 */
export function decideCall(
  projection: Projection,
  guards: CallGuards = DEFAULT_CALL_GUARDS,
): CallDecision | null {
  const leadFirst = projection.counted.first - projection.counted.second;
  const inputsFor = (side: CallSide): CallInputs => ({
    projectedMargin: projection.projectedMargin,
    interval99: projection.interval99,
    expectedVoteShare: projection.expectedVoteShare,
    precinctsReported: projection.precinctsReported,
    precincts: projection.precincts,
    lead: side === 'first' ? leadFirst : -leadFirst,
    outstandingMax: projection.outstandingMax,
  });
  // Votes are integers far below 2^53, so these comparisons are exact.
  if (projection.outstandingMax !== null && Math.abs(leadFirst) > projection.outstandingMax) {
    const side: CallSide = leadFirst > 0 ? 'first' : 'second';
    return {
      side,
      kind: 'mathematical',
      reason: `the lead of ${Math.abs(leadFirst).toLocaleString('en-US')} votes exceeds the ${projection.outstandingMax.toLocaleString('en-US')} votes that could still be counted`,
      inputs: inputsFor(side),
    };
  }
  const [lo, hi] = projection.interval99;
  const side: CallSide | null = lo > 0 ? 'first' : hi < 0 ? 'second' : null;
  if (side === null) return null;
  if (Math.abs(projection.projectedMargin) < guards.minimumMargin) return null;
  if ((side === 'first') !== projection.projectedMargin > 0) return null;
  if (projection.expectedVoteShare < guards.minimumExpectedVote) return null;
  for (const key of Object.keys(projection.classWeight) as (keyof Projection['classWeight'])[])
    if (
      projection.classWeight[key] >= guards.classWeightFloor &&
      projection.classReported[key] < guards.classReported
    )
      return null;
  return {
    side,
    kind: 'statistical',
    reason: `the 99% interval [${lo.toFixed(2)}, ${hi.toFixed(2)}] excludes a tie, the projected margin is ${Math.abs(projection.projectedMargin).toFixed(2)} points, ${(100 * projection.expectedVoteShare).toFixed(1)}% of the expected vote is counted and every kind of county has reported`,
    inputs: inputsFor(side),
  };
}

/** Something that happened to a contest's call. */
export type CallEvent =
  | {
      readonly type: 'called';
      readonly side: CallSide;
      readonly kind: CallKind;
      readonly reason: string;
      readonly inputs: CallInputs;
    }
  | {
      readonly type: 'confirmed';
      readonly side: CallSide;
      readonly kind: 'mathematical';
      readonly reason: string;
      readonly inputs: CallInputs;
    }
  | {
      readonly type: 'in-doubt';
      readonly side: CallSide;
      readonly reason: string;
      readonly inputs: CallInputs;
    }
  | {
      readonly type: 'retracted';
      readonly side: CallSide;
      readonly reason: string;
      readonly inputs: CallInputs;
    };

/** The standing call of a contest. */
export interface StandingCall {
  readonly side: CallSide;
  readonly kind: CallKind;
  readonly reason: string;
  /** True while later projections no longer support the call on their own (it still stands). */
  readonly inDoubt: boolean;
}

/**
 * Keeps a contest's call over the night. A call, once made, stands: later projections can only
 * confirm it (mathematically), flag it as in doubt (an event, the call stays), or retract it
 * explicitly when the rules would now call the other side (an event with the reason). Nothing
 * changes silently.
 * @example
 * const tracker = new CallTracker();
 * for (const event of tracker.update(projection)) publish(event);
 */
export class CallTracker {
  #standing: StandingCall | null = null;
  readonly #guards: CallGuards;

  constructor(guards: CallGuards = DEFAULT_CALL_GUARDS) {
    this.#guards = guards;
  }

  /** The current call, or null. */
  get standing(): StandingCall | null {
    return this.#standing;
  }

  /** Applies the rules to a new projection and returns what happened (often nothing). */
  update(projection: Projection): CallEvent[] {
    const decision = decideCall(projection, this.#guards);
    const standing = this.#standing;
    if (standing === null) {
      if (decision === null) return [];
      this.#standing = {
        side: decision.side,
        kind: decision.kind,
        reason: decision.reason,
        inDoubt: false,
      };
      return [{ type: 'called', ...decision }];
    }
    if (decision !== null && decision.side !== standing.side) {
      this.#standing = {
        side: decision.side,
        kind: decision.kind,
        reason: decision.reason,
        inDoubt: false,
      };
      return [
        {
          type: 'retracted',
          side: standing.side,
          reason: `the rules now call the other side: ${decision.reason}`,
          inputs: decision.inputs,
        },
        { type: 'called', ...decision },
      ];
    }
    if (decision === null) {
      if (standing.inDoubt) return [];
      this.#standing = { ...standing, inDoubt: true };
      const [lo, hi] = projection.interval99;
      return [
        {
          type: 'in-doubt',
          side: standing.side,
          reason: `the 99% interval [${lo.toFixed(2)}, ${hi.toFixed(2)}] no longer excludes a tie; the call stands until the rules call the other side`,
          inputs: {
            projectedMargin: projection.projectedMargin,
            interval99: projection.interval99,
            expectedVoteShare: projection.expectedVoteShare,
            precinctsReported: projection.precinctsReported,
            precincts: projection.precincts,
            lead:
              (standing.side === 'first' ? 1 : -1) *
              (projection.counted.first - projection.counted.second),
            outstandingMax: projection.outstandingMax,
          },
        },
      ];
    }
    const events: CallEvent[] = [];
    if (decision.kind === 'mathematical' && standing.kind === 'statistical')
      events.push({
        type: 'confirmed',
        side: standing.side,
        kind: 'mathematical',
        reason: decision.reason,
        inputs: decision.inputs,
      });
    this.#standing = {
      side: standing.side,
      kind: decision.kind === 'mathematical' ? 'mathematical' : standing.kind,
      reason: decision.kind === 'mathematical' ? decision.reason : standing.reason,
      inDoubt: false,
    };
    return events;
  }
}
