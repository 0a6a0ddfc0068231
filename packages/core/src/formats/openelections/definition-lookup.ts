import type { ElectionDefinition } from '../../model/election.ts';
import type { PseudoKind } from '../../model/reporting-unit.ts';
import { NOT_FOUND, UNKNOWN_LINE, type DefinitionTarget } from './definition-target.ts';
import { PairTable } from './pair-table.ts';

interface ContestIndex {
  readonly choices: Map<string, number>;
  readonly byLine: Map<string, number>;
  readonly writeIn: number;
  readonly lines: readonly Map<string, number>[];
}

/** Case and spacing do not matter when matching names against a definition; punctuation does. */
function fold(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toUpperCase();
}

/** Lookups built so far, per definition object and geography columns. */
const LOOKUPS = new WeakMap<ElectionDefinition, Map<string, DefinitionLookup>>();

/**
 * Resolves rows against a given election definition without changing it: every unit, contest,
 * choice and party line must already exist, and a unit must be one of its contest's units.
 * @example
 * const lookup = new DefinitionLookup(definition, []);
 * lookup.unit(lookup.county('Autauga'), 'ABSENTEE', null, 'absentee') // position or NOT_FOUND
 */
export class DefinitionLookup implements DefinitionTarget {
  /**
   * The lookup of a definition for one set of geography columns, built once and shared: a
   * lookup only reads after construction, and definitions are not changed once made, so every
   * import against the same definition object (each submission of an election) reuses it.
   */
  static of(definition: ElectionDefinition, geoNames: readonly string[]): DefinitionLookup {
    let byGeo = LOOKUPS.get(definition);
    if (byGeo === undefined) {
      byGeo = new Map();
      LOOKUPS.set(definition, byGeo);
    }
    const key = geoNames.join('\u001f');
    let lookup = byGeo.get(key);
    if (lookup === undefined) {
      lookup = new DefinitionLookup(definition, geoNames);
      byGeo.set(key, lookup);
    }
    return lookup;
  }

  readonly root: number;
  readonly #definition: ElectionDefinition;
  readonly #counties = new Map<string, number>();
  /** parent unit -> folded name key -> unit. */
  readonly #children = new Map<number, Map<string, number>>();
  readonly #contests = new Map<string, number>();
  readonly #contestIndex: ContestIndex[];
  readonly #membership = new PairTable();
  readonly partyKeyed: boolean;

  constructor(definition: ElectionDefinition, geoNames: readonly string[]) {
    this.#definition = definition;
    const position = new Map(definition.units.map((unit, index) => [unit.id, index]));
    const rootIndex = definition.units.findIndex((unit) => unit.parentId === null);
    this.root = rootIndex === -1 ? 0 : rootIndex;
    definition.units.forEach((unit, index) => {
      if (unit.kind === 'county') this.#counties.set(fold(unit.name), index);
      if (unit.kind !== 'precinct' && unit.kind !== 'pseudo') return;
      const parent =
        unit.parentId === null ? this.root : (position.get(unit.parentId) ?? this.root);
      let children = this.#children.get(parent);
      if (children === undefined) {
        children = new Map();
        this.#children.set(parent, children);
      }
      const geo = geoNames.map((name) => fold(unit.attributes[name] ?? ''));
      const key =
        geoNames.length === 0 ? fold(unit.name) : `${geo.join('\u001f')}\u001f${fold(unit.name)}`;
      if (!children.has(key)) children.set(key, index);
      // A unit named by its geography alone (no precinct column) is also found that way.
      if (geoNames.length > 0) {
        const bare = `${geo.join('\u001f')}\u001f`;
        if (
          !children.has(bare) &&
          geo.filter((part) => part !== '').join(' - ') === fold(unit.name)
        )
          children.set(bare, index);
      }
    });
    this.partyKeyed = definition.contests.some((contest) => contest.primaryParty !== null);
    this.#contestIndex = definition.contests.map((contest, index) => {
      const key = `${fold(contest.office)}\u001f${fold(contest.district ?? '')}\u001f${fold(contest.primaryParty ?? '')}`;
      if (!this.#contests.has(key)) this.#contests.set(key, index);
      const choices = new Map<string, number>();
      const byLine = new Map<string, number>();
      let writeIn = NOT_FOUND;
      contest.choices.forEach((choice, at) => {
        if (choice.isWriteIn && writeIn === NOT_FOUND) writeIn = at;
        if (!choices.has(fold(choice.name))) choices.set(fold(choice.name), at);
        for (const line of choice.lines) if (!byLine.has(fold(line))) byLine.set(fold(line), at);
      });
      for (const id of contest.unitIds) {
        const unit = position.get(id);
        if (unit !== undefined) this.#membership.putIfAbsent(unit, index, 1);
      }
      return {
        choices,
        byLine,
        writeIn,
        lines: contest.choices.map(
          (choice) => new Map(choice.lines.map((line, at) => [fold(line), at])),
        ),
      };
    });
  }

  county(name: string): number {
    if (name === '') return this.root;
    return this.#counties.get(fold(name)) ?? NOT_FOUND;
  }

  unit(
    countyUnit: number,
    precinct: string,
    geo: readonly string[] | null,
    _pseudoKind: PseudoKind | null,
  ): number {
    const children = this.#children.get(countyUnit);
    if (children === undefined) return NOT_FOUND;
    const key =
      geo === null ? fold(precinct) : `${geo.map(fold).join('\u001f')}\u001f${fold(precinct)}`;
    return children.get(key) ?? NOT_FOUND;
  }

  contest(office: string, district: string, party: string, straightParty: boolean): number {
    const base = `${fold(office)}\u001f${fold(district)}\u001f`;
    if (this.partyKeyed && !straightParty) {
      const keyed = this.#contests.get(base + fold(party));
      if (keyed !== undefined) return keyed;
    }
    return this.#contests.get(base) ?? NOT_FOUND;
  }

  choice(contest: number, candidate: string, party: string): number {
    const index = this.#contestIndex[contest];
    if (index === undefined) return NOT_FOUND;
    const byName = index.choices.get(fold(candidate));
    if (byName !== undefined) return byName;
    if (this.#definition.contests[contest]?.kind === 'straight-party' && party !== '')
      return index.byLine.get(fold(party)) ?? NOT_FOUND;
    return NOT_FOUND;
  }

  writeIn(contest: number, _name: string): number {
    return this.#contestIndex[contest]?.writeIn ?? NOT_FOUND;
  }

  line(contest: number, choice: number, party: string): number {
    if (party === '') return -1;
    const lines = this.#contestIndex[contest]?.lines[choice];
    if (lines === undefined || lines.size === 0) return -1;
    return lines.get(fold(party)) ?? UNKNOWN_LINE;
  }

  reports(unit: number, contest: number): boolean {
    return this.#membership.get(unit, contest) !== -1;
  }

  unitId(unit: number): string {
    return this.#definition.units[unit]?.id ?? String(unit);
  }

  contestName(contest: number): string {
    return this.#definition.contests[contest]?.name ?? String(contest);
  }

  finish(): ElectionDefinition {
    return this.#definition;
  }
}
