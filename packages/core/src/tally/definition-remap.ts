import type { ElectionDefinition } from '../model/election.ts';

/**
 * Translates positions in one version of a definition into positions in a newer one, by id, so
 * submissions validated against an earlier version replay onto the current tally.
 */
export class DefinitionRemap {
  readonly #units: Int32Array;
  readonly #contests: Int32Array;
  /** Per old contest: old choice index -> new choice index. */
  readonly #choices: Int32Array[];
  /** Per old contest and old choice: old line index -> new line index. */
  readonly #lines: Int32Array[][];

  constructor(from: ElectionDefinition, to: ElectionDefinition) {
    const unitIndex = new Map(to.units.map((unit, index) => [unit.id, index]));
    const contestIndex = new Map(to.contests.map((contest, index) => [contest.id, index]));
    this.#units = Int32Array.from(from.units, (unit) => mustFind(unitIndex, unit.id, 'unit'));
    this.#contests = Int32Array.from(from.contests, (contest) =>
      mustFind(contestIndex, contest.id, 'contest'),
    );
    this.#choices = [];
    this.#lines = [];
    from.contests.forEach((contest, oldIndex) => {
      const target = to.contests[this.#contests[oldIndex] ?? -1];
      if (target === undefined) throw new Error(`contest ${contest.id} missing`);
      const choiceIndex = new Map(target.choices.map((choice, index) => [choice.id, index]));
      this.#choices.push(
        Int32Array.from(contest.choices, (choice) => mustFind(choiceIndex, choice.id, 'choice')),
      );
      this.#lines.push(
        contest.choices.map((choice) => {
          const newChoice = target.choices[choiceIndex.get(choice.id) ?? -1];
          const lineIndex = new Map((newChoice?.lines ?? []).map((line, index) => [line, index]));
          return Int32Array.from(choice.lines, (line) => mustFind(lineIndex, line, 'party line'));
        }),
      );
    });
  }

  /** The new position of a unit. */
  unit(unit: number): number {
    return this.#units[unit] ?? fail('unit', unit);
  }

  /** The new positions of one count's key. */
  count(
    unit: number,
    contest: number,
    target: number,
    line: number,
  ): { unit: number; contest: number; target: number; line: number } {
    const newTarget =
      target >= 0 ? (this.#choices[contest]?.[target] ?? fail('choice', target)) : target;
    const newLine =
      line >= 0 && target >= 0
        ? (this.#lines[contest]?.[target]?.[line] ?? fail('line', line))
        : line;
    return {
      unit: this.unit(unit),
      contest: this.#contests[contest] ?? fail('contest', contest),
      target: newTarget,
      line: newLine,
    };
  }
}

function mustFind(index: ReadonlyMap<string, number>, id: string, what: string): number {
  const found = index.get(id);
  if (found === undefined) throw new Error(`${what} ${id} is not in the current definition`);
  return found;
}

function fail(what: string, index: number): never {
  throw new Error(`no ${what} at position ${index} in the submission's definition`);
}
