import type { ElectionDefinition } from '../model/election.ts';
import type { UnitFact } from '../model/contest.ts';
import {
  TARGET_BLANK,
  TARGET_OVERVOTES,
  TARGET_UNDERVOTES,
  VOTE_TYPE_CODES,
  type CountBatch,
  type FactRecord,
} from '../model/submission.ts';
import { DefinitionRemap } from './definition-remap.ts';

const TOTAL_CODE = VOTE_TYPE_CODES.indexOf('total');
const FACT_NAMES: readonly UnitFact[] = [
  'registered-voters',
  'ballots-cast',
  'ballots-blank',
  'times-counted',
];

/**
 * The running counts of one contest, unit by unit. Values are NaN where unknown, so a unit that
 * has not reported (or whose file has no such row) is never confused with a count of zero.
 */
export class ContestCells {
  /** Per slot: the definition index of the unit. */
  readonly unitOfSlot: Int32Array;
  readonly slotOfUnit: ReadonlyMap<number, number>;
  /** choices, then overvotes, undervotes, blank. */
  readonly targetCount: number;
  /** Vote-type code -> slot-major values (`slot * targetCount + target`). Code 0 is the total. */
  readonly byType = new Map<number, Float64Array>();
  /** `slot * targetCount + choice` -> line index -> votes, for choices on more than one party line. */
  readonly lines = new Map<number, Map<number, number>>();
  /** Per slot: 1 when some submission has reported this unit for this contest. */
  readonly reported: Uint8Array;
  /** Per slot: the sequence number of the submission that last set the slot. */
  readonly setBy: Int32Array;

  constructor(unitIndices: readonly number[], choiceCount: number) {
    this.unitOfSlot = Int32Array.from(unitIndices);
    const slotOfUnit = new Map<number, number>();
    unitIndices.forEach((unit, slot) => slotOfUnit.set(unit, slot));
    this.slotOfUnit = slotOfUnit;
    this.targetCount = choiceCount + 3;
    this.reported = new Uint8Array(unitIndices.length);
    this.setBy = new Int32Array(unitIndices.length).fill(-1);
    this.values(TOTAL_CODE);
  }

  /** The slot-major array for a vote type, created (all unknown) on first use. */
  values(voteTypeCode: number): Float64Array {
    let array = this.byType.get(voteTypeCode);
    if (array === undefined) {
      array = new Float64Array(this.unitOfSlot.length * this.targetCount).fill(Number.NaN);
      this.byType.set(voteTypeCode, array);
    }
    return array;
  }

  /** Index of a target code (choice index or a negative TARGET_* code) in a slot's row. */
  targetOffset(target: number): number {
    if (target >= 0) return target;
    const choices = this.targetCount - 3;
    if (target === TARGET_OVERVOTES) return choices;
    if (target === TARGET_UNDERVOTES) return choices + 1;
    if (target === TARGET_BLANK) return choices + 2;
    throw new Error(`unknown target code ${target}`);
  }

  /** Forgets what an earlier submission said about a slot, before a newer one fills it. */
  clearSlot(slot: number): void {
    const from = slot * this.targetCount;
    for (const array of this.byType.values()) array.fill(Number.NaN, from, from + this.targetCount);
    for (let target = 0; target < this.targetCount; target++) this.lines.delete(from + target);
  }
}

/** Per-unit facts (registered voters, ballots cast, ...), NaN where unknown. */
export class UnitFacts {
  readonly values: ReadonlyMap<UnitFact, Float64Array>;
  readonly setBy: ReadonlyMap<UnitFact, Int32Array>;

  constructor(unitCount: number) {
    this.values = new Map(
      FACT_NAMES.map((fact) => [fact, new Float64Array(unitCount).fill(Number.NaN)]),
    );
    this.setBy = new Map(FACT_NAMES.map((fact) => [fact, new Int32Array(unitCount).fill(-1)]));
  }

  /** The known value of a fact for a unit, or null. */
  get(fact: UnitFact, unit: number): number | null {
    const value = this.values.get(fact)?.[unit];
    return value === undefined || Number.isNaN(value) ? null : value;
  }
}

/**
 * The current counts of an election, kept in memory and updated one submission at a time.
 *
 * A submission replaces, for every (unit, contest) it reports, whatever earlier submissions said
 * about that pair; counts with the same key inside one submission add up. Stored submissions are
 * never changed: the tally is rebuilt by replaying them in order.
 */
export class ElectionTally {
  readonly definition: ElectionDefinition;
  readonly contests: readonly ContestCells[];
  readonly facts: UnitFacts;
  /** Definition index of each unit's county (itself for a county), or -1. */
  readonly countyOfUnit: Int32Array;
  /** Number of submissions applied. */
  submissions = 0;

  constructor(definition: ElectionDefinition) {
    this.definition = definition;
    const unitIndex = new Map(definition.units.map((unit, index) => [unit.id, index]));
    this.contests = definition.contests.map(
      (contest) =>
        new ContestCells(
          contest.unitIds.map((id) => {
            const index = unitIndex.get(id);
            if (index === undefined)
              throw new Error(`contest ${contest.id} names unknown unit ${id}`);
            return index;
          }),
          contest.choices.length,
        ),
    );
    this.facts = new UnitFacts(definition.units.length);
    this.countyOfUnit = countyIndices(definition);
  }

  /**
   * Starts applying one submission whose counts are keyed by `submissionDefinition` (the
   * definition it was validated against; it may be an older version of this tally's).
   */
  beginSubmission(submissionDefinition: ElectionDefinition): SubmissionApplier {
    const remap =
      submissionDefinition === this.definition
        ? null
        : new DefinitionRemap(submissionDefinition, this.definition);
    return new SubmissionApplier(this, this.submissions++, remap);
  }
}

/** Applies one submission's batches to a tally. */
export class SubmissionApplier {
  readonly #tally: ElectionTally;
  readonly #sequence: number;
  readonly #remap: DefinitionRemap | null;

  constructor(tally: ElectionTally, sequence: number, remap: DefinitionRemap | null) {
    this.#tally = tally;
    this.#sequence = sequence;
    this.#remap = remap;
  }

  /** Adds a batch of counts. */
  counts(batch: CountBatch): void {
    const remap = this.#remap;
    for (let i = 0; i < batch.length; i++) {
      let unit = batch.unit[i] ?? -1;
      let contest = batch.contest[i] ?? -1;
      let target = batch.target[i] ?? 0;
      let line = batch.line[i] ?? -1;
      if (remap !== null) {
        const mapped = remap.count(unit, contest, target, line);
        unit = mapped.unit;
        contest = mapped.contest;
        target = mapped.target;
        line = mapped.line;
      }
      const cells = this.#tally.contests[contest];
      if (cells === undefined) throw new Error(`count for unknown contest index ${contest}`);
      const slot = cells.slotOfUnit.get(unit);
      if (slot === undefined) throw new Error(`count for unit ${unit} outside contest ${contest}`);
      if (cells.setBy[slot] !== this.#sequence) {
        cells.clearSlot(slot);
        cells.setBy[slot] = this.#sequence;
        cells.reported[slot] = 1;
      }
      const cell = slot * cells.targetCount + cells.targetOffset(target);
      const values = cells.values(batch.voteType[i] ?? TOTAL_CODE);
      const value = batch.value[i] ?? 0;
      const previous = values[cell] ?? Number.NaN;
      values[cell] = Number.isNaN(previous) ? value : previous + value;
      if (line >= 0 && target >= 0 && (batch.voteType[i] ?? TOTAL_CODE) === TOTAL_CODE) {
        let byLine = cells.lines.get(cell);
        if (byLine === undefined) {
          byLine = new Map();
          cells.lines.set(cell, byLine);
        }
        byLine.set(line, (byLine.get(line) ?? 0) + value);
      }
    }
  }

  /** Adds unit facts (only the total vote type is kept as a fact). */
  facts(records: readonly FactRecord[]): void {
    for (const record of records) {
      if (record.voteType !== 'total') continue;
      const unit = this.#remap === null ? record.unit : this.#remap.unit(record.unit);
      const values = this.#tally.facts.values.get(record.fact);
      const setBy = this.#tally.facts.setBy.get(record.fact);
      if (values === undefined || setBy === undefined) continue;
      const previous = values[unit] ?? Number.NaN;
      if (setBy[unit] !== this.#sequence || Number.isNaN(previous)) {
        values[unit] = record.value;
        setBy[unit] = this.#sequence;
      } else {
        values[unit] = previous + record.value;
      }
    }
  }
}

function countyIndices(definition: ElectionDefinition): Int32Array {
  const indexById = new Map(definition.units.map((unit, index) => [unit.id, index]));
  const result = new Int32Array(definition.units.length).fill(-1);
  definition.units.forEach((unit, index) => {
    let current: typeof unit | undefined = unit;
    let currentIndex = index;
    for (let depth = 0; current !== undefined && depth < 16; depth++) {
      if (current.kind === 'county') {
        result[index] = currentIndex;
        return;
      }
      if (current.parentId === null) return;
      currentIndex = indexById.get(current.parentId) ?? -1;
      current = definition.units[currentIndex];
    }
  });
  return result;
}
