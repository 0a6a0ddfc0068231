import type { PseudoKind } from '../model/reporting-unit.ts';
import {
  matchCountyPrecincts,
  MATCH_TIERS,
  type MatchTier,
  type NamedPrecinct,
} from './match-precincts.ts';

/** A precinct of the current election, as the baseline builder sees it. */
export interface CurrentPrecinct {
  readonly county: string;
  readonly precinct: string;
  readonly pseudoKind: PseudoKind | null;
  /** Its final votes when known (for vote-weighted match rates); 0 when not known. */
  readonly votes: number;
}

/** A precinct of the baseline election with its result for the baseline contest. */
export interface BaselinePrecinct {
  readonly county: string;
  readonly precinct: string;
  readonly pseudoKind: PseudoKind | null;
  /** Votes for the first party of the pair (e.g. DEM). */
  readonly first: number;
  /** Votes for the second party of the pair (e.g. REP). */
  readonly second: number;
  /** All votes for the contest's choices. */
  readonly total: number;
}

/**
 * A modelling unit: current precincts and the baseline precincts that stand for the same place,
 * or a county's pool of everything that could not be matched.
 */
export interface BaselineGroup {
  readonly id: number;
  readonly county: string;
  readonly tier: MatchTier;
  readonly pseudoKind: PseudoKind | null;
  /** Indices into the current precinct list. */
  readonly current: readonly number[];
  /** Indices into the baseline precinct list. */
  readonly baseline: readonly number[];
  readonly first: number;
  readonly second: number;
  readonly total: number;
}

/** One row of the match table: a current precinct and what it was matched to. */
export interface MatchRow {
  readonly county: string;
  readonly precinct: string;
  readonly tier: MatchTier;
  readonly baselinePrecincts: readonly string[];
  readonly group: number;
}

/** How much of a county (or the state) was matched, by count and by votes. */
export interface MatchRate {
  readonly county: string;
  readonly units: number;
  readonly matchedUnits: number;
  readonly votes: number;
  readonly matchedVotes: number;
  readonly baselineVotes: number;
  readonly matchedBaselineVotes: number;
}

/** The baseline of a contest: modelling groups, the match table and match rates. */
export interface Baseline {
  readonly groups: readonly BaselineGroup[];
  /** Per current precinct: the group it belongs to. */
  readonly groupOfCurrent: readonly number[];
  readonly table: readonly MatchRow[];
  readonly counties: readonly MatchRate[];
  readonly state: MatchRate;
  /** Current precincts per tier. */
  readonly tiers: Readonly<Record<MatchTier, number>>;
  /** Baseline counties with no current precinct: their votes are left out of every group. */
  readonly missingCounties: readonly string[];
}

/**
 * Matches the current election's precincts to a baseline election's, county by county (counties
 * by name), and turns the matches into modelling groups. Unmatched precincts on both sides pool
 * per county, so every county's baseline total is kept exactly.
 * @example
 * const baseline = buildBaseline(current2017, president2016);
 * baseline.state.matchedVotes / baseline.state.votes // about 0.97 for Alabama
 */
export function buildBaseline(
  current: readonly CurrentPrecinct[],
  baseline: readonly BaselinePrecinct[],
): Baseline {
  const countyKey = (name: string): string => name.trim().toUpperCase();
  const byCounty = new Map<
    string,
    { name: string; mine: NamedPrecinct[]; theirs: NamedPrecinct[] }
  >();
  const slot = (name: string) => {
    const key = countyKey(name);
    let entry = byCounty.get(key);
    if (entry === undefined) {
      entry = { name, mine: [], theirs: [] };
      byCounty.set(key, entry);
    }
    return entry;
  };
  current.forEach((unit, index) =>
    slot(unit.county).mine.push({ index, name: unit.precinct, pseudoKind: unit.pseudoKind }),
  );
  baseline.forEach((unit, index) =>
    slot(unit.county).theirs.push({ index, name: unit.precinct, pseudoKind: unit.pseudoKind }),
  );

  const groups: BaselineGroup[] = [];
  const groupOfCurrent = new Array<number>(current.length).fill(-1);
  const table: MatchRow[] = [];
  const counties: MatchRate[] = [];
  const missingCounties: string[] = [];
  const tiers = Object.fromEntries(MATCH_TIERS.map((tier) => [tier, 0])) as Record<
    MatchTier,
    number
  >;
  for (const { name, mine, theirs } of byCounty.values()) {
    if (mine.length === 0) {
      missingCounties.push(name);
      continue;
    }
    const rate = {
      county: name,
      units: 0,
      matchedUnits: 0,
      votes: 0,
      matchedVotes: 0,
      baselineVotes: 0,
      matchedBaselineVotes: 0,
    };
    for (const match of matchCountyPrecincts(mine, theirs)) {
      const id = groups.length;
      let first = 0;
      let second = 0;
      let total = 0;
      for (const index of match.baseline) {
        const unit = baseline[index];
        if (unit === undefined) continue;
        first += unit.first;
        second += unit.second;
        total += unit.total;
      }
      const pseudoKind =
        match.tier === 'pseudo' ? (current[match.current[0] ?? -1]?.pseudoKind ?? null) : null;
      groups.push({
        id,
        county: name,
        tier: match.tier,
        pseudoKind,
        current: match.current,
        baseline: match.baseline,
        first,
        second,
        total,
      });
      const matched = match.tier !== 'pooled';
      rate.baselineVotes += total;
      if (matched) rate.matchedBaselineVotes += total;
      for (const index of match.current) {
        const unit = current[index];
        if (unit === undefined) continue;
        groupOfCurrent[index] = id;
        tiers[match.tier] += 1;
        rate.units += 1;
        rate.votes += unit.votes;
        if (matched) {
          rate.matchedUnits += 1;
          rate.matchedVotes += unit.votes;
        }
        table.push({
          county: name,
          precinct: unit.precinct,
          tier: match.tier,
          baselinePrecincts: match.baseline.map((b) => baseline[b]?.precinct ?? ''),
          group: id,
        });
      }
    }
    counties.push(rate);
  }
  const state = counties.reduce<MatchRate>(
    (sum, rate) => ({
      county: '',
      units: sum.units + rate.units,
      matchedUnits: sum.matchedUnits + rate.matchedUnits,
      votes: sum.votes + rate.votes,
      matchedVotes: sum.matchedVotes + rate.matchedVotes,
      baselineVotes: sum.baselineVotes + rate.baselineVotes,
      matchedBaselineVotes: sum.matchedBaselineVotes + rate.matchedBaselineVotes,
    }),
    {
      county: '',
      units: 0,
      matchedUnits: 0,
      votes: 0,
      matchedVotes: 0,
      baselineVotes: 0,
      matchedBaselineVotes: 0,
    },
  );
  return { groups, groupOfCurrent, table, counties, state, tiers, missingCounties };
}
