import type { ElectionDefinition } from '../model/election.ts';
import type { CountBatch, FactRecord } from '../model/submission.ts';
import { ElectionTally, type SubmissionApplier } from './election-tally.ts';

/** Why an update needs a second approver (or must be sent as a correction). */
export interface GateFinding {
  readonly code: 'lowered-count' | 'ballots-exceed-registered';
  readonly message: string;
  readonly contestId: string | null;
  readonly unitId: string | null;
}

/**
 * The reconciliation gate: compares one submission with the current counts before it is applied.
 * An update that lowers any count a unit already reported, or that fails a consistency check on
 * its own figures, is not applied directly: it is held for a second approver unless it was sent
 * as a correction with a reason. The same comparison, replayed over the ledger, lets a verifier
 * confirm that no lowering went through ungated.
 *
 * @example
 * const gate = new UpdateGate(tally, definition);
 * for (const batch of batches) gate.counts(batch);
 * const findings = gate.findings();
 */
export class UpdateGate {
  readonly #current: ElectionTally;
  readonly #incoming: ElectionTally;
  readonly #applier: SubmissionApplier;

  /** `current` is the tally before the update; `submissionDefinition` keys the update's counts. */
  constructor(current: ElectionTally, submissionDefinition: ElectionDefinition) {
    this.#current = current;
    this.#incoming = new ElectionTally(current.definition);
    this.#applier = this.#incoming.beginSubmission(submissionDefinition);
  }

  /** Takes a batch of the update's counts. */
  counts(batch: CountBatch): void {
    this.#applier.counts(batch);
  }

  /** Takes the update's unit facts. */
  facts(records: readonly FactRecord[]): void {
    this.#applier.facts(records);
  }

  /** Every reason to hold the update, at most `limit` (lowered counts first). */
  findings(limit = 50): GateFinding[] {
    const found: GateFinding[] = [];
    this.#lowered(found, limit);
    // Only the update's own units are checked: every other unit is unchanged by it.
    for (let unit = 0; unit < this.#incoming.definition.units.length; unit++) {
      if (found.length >= limit) break;
      const ballots = this.#incoming.facts.get('ballots-cast', unit);
      const registered = this.#incoming.facts.get('registered-voters', unit);
      if (ballots === null || registered === null || registered === 0 || ballots <= registered)
        continue;
      const name = this.#incoming.definition.units[unit]?.name ?? 'a unit';
      found.push({
        code: 'ballots-exceed-registered',
        message: `${name}: ${ballots} ballots cast exceeds ${registered} registered voters`,
        contestId: null,
        unitId: this.#incoming.definition.units[unit]?.id ?? null,
      });
    }
    return found;
  }

  #lowered(found: GateFinding[], limit: number): void {
    const definition = this.#current.definition;
    this.#incoming.contests.forEach((cells, contestIndex) => {
      const before = this.#current.contests[contestIndex]?.byType.get(0);
      const after = cells.byType.get(0);
      const contest = definition.contests[contestIndex];
      if (before === undefined || after === undefined || contest === undefined) return;
      for (let slot = 0; slot < cells.unitOfSlot.length && found.length < limit; slot++) {
        if (cells.reported[slot] !== 1) continue;
        const base = slot * cells.targetCount;
        for (let target = 0; target < cells.targetCount; target++) {
          const old = before[base + target] ?? Number.NaN;
          const now = after[base + target] ?? Number.NaN;
          // A count the unit reported before and now reports lower; a count it no longer
          // reports at all (NaN) is also a lowering, to nothing.
          if (Number.isNaN(old) || (!Number.isNaN(now) && now >= old)) continue;
          const unit = definition.units[cells.unitOfSlot[slot] ?? -1];
          const label =
            contest.choices[target]?.name ?? targetLabel(target - contest.choices.length);
          found.push({
            code: 'lowered-count',
            message: `${unit?.name ?? 'a unit'}: ${contest.name} / ${label} would go from ${old} to ${Number.isNaN(now) ? 'no count' : now}`,
            contestId: contest.id,
            unitId: unit?.id ?? null,
          });
          if (found.length >= limit) return;
        }
      }
    });
  }
}

function targetLabel(offset: number): string {
  return ['Over Votes', 'Under Votes', 'Blank'][offset] ?? 'a count';
}
