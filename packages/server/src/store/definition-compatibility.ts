import type { ElectionDefinition } from '@canvass/core';

/**
 * Says why `next` cannot replace `current` (something `current` has is missing from it), or
 * null when every unit, contest, choice and party line of `current` is still there.
 */
export function incompatibility(
  current: ElectionDefinition,
  next: ElectionDefinition,
): string | null {
  if (current.id !== next.id) return `the definition is for election ${next.id}, not ${current.id}`;
  const units = new Set(next.units.map((unit) => unit.id));
  const missingUnit = current.units.find((unit) => !units.has(unit.id));
  if (missingUnit !== undefined) return `unit ${missingUnit.id} would be removed`;
  const contests = new Map(next.contests.map((contest) => [contest.id, contest]));
  for (const contest of current.contests) {
    const replacement = contests.get(contest.id);
    if (replacement === undefined) return `contest ${contest.id} would be removed`;
    const choices = new Map(replacement.choices.map((choice) => [choice.id, choice]));
    for (const choice of contest.choices) {
      const kept = choices.get(choice.id);
      if (kept === undefined) return `choice ${choice.id} of ${contest.id} would be removed`;
      const missingLine = choice.lines.find((line) => !kept.lines.includes(line));
      if (missingLine !== undefined)
        return `party line ${missingLine} of ${choice.id} would be removed`;
    }
    const scope = new Set(replacement.unitIds);
    const dropped = contest.unitIds.find((id) => !scope.has(id));
    if (dropped !== undefined) return `unit ${dropped} would leave contest ${contest.id}`;
  }
  return null;
}
