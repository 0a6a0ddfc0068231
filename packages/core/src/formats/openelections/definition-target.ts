import type { ElectionDefinition } from '../../model/election.ts';
import type { PseudoKind } from '../../model/reporting-unit.ts';

/** A failed lookup in a given definition. */
export const NOT_FOUND = -1;
/** A choice exists but not on the party line asked for. */
export const UNKNOWN_LINE = -2;

/**
 * Positions in the election definition that rows are mapped to. Inferring builds the definition
 * append-only (so positions already sent stay valid); validating only looks positions up and
 * answers {@link NOT_FOUND}.
 */
export interface DefinitionTarget {
  /** The root unit's position. */
  readonly root: number;
  /** Whether contests are told apart by party (a primary): then the party cell picks the contest. */
  readonly partyKeyed: boolean;
  /** The county unit for a county name (the root for a blank county), or NOT_FOUND. */
  county(name: string): number;
  /** A precinct or pseudo-precinct in a county (countyUnit from {@link county}), or NOT_FOUND. */
  unit(
    countyUnit: number,
    precinct: string,
    geo: readonly string[] | null,
    pseudoKind: PseudoKind | null,
  ): number;
  /** A contest (office + district, + party in a primary), or NOT_FOUND. */
  contest(office: string, district: string, party: string, straightParty: boolean): number;
  /** A named choice of a contest, or NOT_FOUND. */
  choice(contest: number, candidate: string, party: string): number;
  /** The contest's write-in choice, or NOT_FOUND. */
  writeIn(contest: number, name: string): number;
  /** The party line's index in the choice's lines, -1 for no line, or UNKNOWN_LINE. */
  line(contest: number, choice: number, party: string): number;
  /** Records that a unit reports a contest; false when the definition does not allow it. */
  reports(unit: number, contest: number): boolean;
  /** Human-readable unit id, for messages. */
  unitId(unit: number): string;
  /** Human-readable contest name, for messages. */
  contestName(contest: number): string;
  /** The definition (built or given). */
  finish(): ElectionDefinition;
}
