import type { ElectionTally } from './election-tally.ts';
import { slotsByCounty } from './groupings.ts';

/** A data-consistency problem found in the counts, with where it is. */
export interface ConsistencyWarning {
  readonly code: 'ballots-mismatch' | 'ballots-exceed-registered' | 'missing-rows';
  readonly message: string;
  readonly contestId: string | null;
  readonly unitId: string | null;
}

/**
 * Checks the counts against each other and says where they disagree. It never changes a count:
 * a results system reports what was submitted and where it is inconsistent.
 *
 * - choices + overvotes + undervotes (+ blank) against ballots cast × votes allowed, per unit,
 *   for contests on every ballot of the unit (those covering whole counties); missing over/under
 *   rows count as nothing and are named in the message;
 * - ballots cast against registered voters, where both are known;
 * - targets (overvotes, undervotes, write-ins) that every other county reports but a county lacks.
 */
export function consistencyWarnings(tally: ElectionTally): ConsistencyWarning[] {
  return [...ballotsMismatches(tally), ...registrationExcesses(tally), ...missingRows(tally)];
}

function ballotsMismatches(tally: ElectionTally): ConsistencyWarning[] {
  const warnings: ConsistencyWarning[] = [];
  const wholeCounty = contestsCoveringWholeCounties(tally);
  tally.definition.contests.forEach((contest, contestIndex) => {
    const cells = tally.contests[contestIndex];
    const values = cells?.byType.get(0);
    if (cells === undefined || values === undefined || !wholeCounty[contestIndex]) return;
    const choices = contest.choices.length;
    for (let slot = 0; slot < cells.unitOfSlot.length; slot++) {
      if (cells.reported[slot] !== 1) continue;
      const unitIndex = cells.unitOfSlot[slot] ?? -1;
      const ballots = tally.facts.get('ballots-cast', unitIndex);
      if (ballots === null) continue;
      const base = slot * cells.targetCount;
      let marks = 0;
      let missing = false;
      for (let target = 0; target < cells.targetCount; target++) {
        const value = values[base + target] ?? Number.NaN;
        if (!Number.isNaN(value)) marks += value;
        else if (target === choices || target === choices + 1) missing = true;
      }
      const expected = ballots * contest.votesAllowed;
      if (marks === expected) continue;
      const unit = tally.definition.units[unitIndex];
      const note = missing ? ' (the unit has no over/under vote rows)' : '';
      warnings.push({
        code: 'ballots-mismatch',
        message: `${unitLabel(tally, unitIndex)}: ${contest.name} has ${marks} votes, overvotes and undervotes, but ${ballots} ballots cast × ${contest.votesAllowed} allowed = ${expected}${note}`,
        contestId: contest.id,
        unitId: unit?.id ?? null,
      });
    }
  });
  return warnings;
}

/**
 * Per contest: true when, in every county it appears in, it is on every unit. Only such contests
 * are on every ballot cast in a unit; a district measure covering part of a county is not, so
 * comparing it with the unit's ballots would only raise false alarms.
 */
function contestsCoveringWholeCounties(tally: ElectionTally): boolean[] {
  const unitsPerCounty = new Map<number, number>();
  tally.definition.units.forEach((unit, index) => {
    if (unit.kind !== 'precinct' && unit.kind !== 'pseudo') return;
    const county = tally.countyOfUnit[index] ?? -1;
    unitsPerCounty.set(county, (unitsPerCounty.get(county) ?? 0) + 1);
  });
  return tally.contests.map((cells) => {
    const covered = new Map<number, number>();
    for (const unit of cells.unitOfSlot) {
      const county = tally.countyOfUnit[unit] ?? -1;
      covered.set(county, (covered.get(county) ?? 0) + 1);
    }
    return [...covered].every(([county, count]) => unitsPerCounty.get(county) === count);
  });
}

function registrationExcesses(tally: ElectionTally): ConsistencyWarning[] {
  const warnings: ConsistencyWarning[] = [];
  tally.definition.units.forEach((unit, index) => {
    const ballots = tally.facts.get('ballots-cast', index);
    const registered = tally.facts.get('registered-voters', index);
    if (ballots === null || registered === null || registered === 0 || ballots <= registered)
      return;
    warnings.push({
      code: 'ballots-exceed-registered',
      message: `${unitLabel(tally, index)}: ${ballots} ballots cast exceeds ${registered} registered voters`,
      contestId: null,
      unitId: unit.id,
    });
  });
  return warnings;
}

function missingRows(tally: ElectionTally): ConsistencyWarning[] {
  const warnings: ConsistencyWarning[] = [];
  tally.definition.contests.forEach((contest, contestIndex) => {
    const cells = tally.contests[contestIndex];
    const values = cells?.byType.get(0);
    if (cells === undefined || values === undefined) return;
    const targets: { offset: number; label: string }[] = [
      ...contest.choices.flatMap((choice, index) =>
        choice.isWriteIn ? [{ offset: index, label: choice.name }] : [],
      ),
      { offset: contest.choices.length, label: 'Over Votes' },
      { offset: contest.choices.length + 1, label: 'Under Votes' },
    ];
    const counties = slotsByCounty(tally, contestIndex).filter((group) =>
      group.slots.some((slot) => cells.reported[slot] === 1),
    );
    if (counties.length < 2) return;
    const knownIn = (slots: readonly number[], offset: number): boolean =>
      slots.some((slot) => !Number.isNaN(values[slot * cells.targetCount + offset] ?? Number.NaN));
    for (const group of counties) {
      const missing = targets.filter(
        (target) =>
          !knownIn(group.slots, target.offset) &&
          counties.filter((other) => knownIn(other.slots, target.offset)).length >
            counties.length / 2,
      );
      if (missing.length === 0) continue;
      warnings.push({
        code: 'missing-rows',
        message: `${group.unit?.name ?? '(no county)'}: no ${missing.map((target) => target.label).join(', ')} rows for ${contest.name}, which most counties report`,
        contestId: contest.id,
        unitId: group.unit?.id ?? null,
      });
    }
  });
  return warnings;
}

function unitLabel(tally: ElectionTally, unitIndex: number): string {
  const unit = tally.definition.units[unitIndex];
  if (unit === undefined) return `unit ${unitIndex}`;
  const county = tally.definition.units[tally.countyOfUnit[unitIndex] ?? -1];
  return county === undefined || county === unit ? unit.name : `${county.name} / ${unit.name}`;
}
