import type { ReportingUnit } from '../model/reporting-unit.ts';
import type { ElectionTally } from './election-tally.ts';

/** A set of a contest's slots that share a county (or are each one precinct). */
export interface SlotGroup {
  readonly unit: ReportingUnit | null;
  readonly slots: readonly number[];
}

/**
 * Groups a contest's slots by county, in the order counties appear in the definition. Units
 * without a county are grouped under `unit: null`.
 */
export function slotsByCounty(tally: ElectionTally, contestIndex: number): SlotGroup[] {
  const cells = tally.contests[contestIndex];
  if (cells === undefined) return [];
  const groups = new Map<number, number[]>();
  cells.unitOfSlot.forEach((unit, slot) => {
    const county = tally.countyOfUnit[unit] ?? -1;
    let group = groups.get(county);
    if (group === undefined) {
      group = [];
      groups.set(county, group);
    }
    group.push(slot);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([county, slots]) => ({
      unit: county < 0 ? null : (tally.definition.units[county] ?? null),
      slots,
    }));
}

/** One group per slot (each precinct or pseudo-precinct), optionally only those in one county. */
export function slotsByPrecinct(
  tally: ElectionTally,
  contestIndex: number,
  countyId: string | null = null,
): SlotGroup[] {
  const cells = tally.contests[contestIndex];
  if (cells === undefined) return [];
  const groups: SlotGroup[] = [];
  cells.unitOfSlot.forEach((unitIndex, slot) => {
    const unit = tally.definition.units[unitIndex] ?? null;
    if (countyId !== null) {
      const county = tally.definition.units[tally.countyOfUnit[unitIndex] ?? -1];
      if (county?.id !== countyId) return;
    }
    groups.push({ unit, slots: [slot] });
  });
  return groups;
}
