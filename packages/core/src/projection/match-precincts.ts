import type { PseudoKind } from '../model/reporting-unit.ts';
import {
  abbreviatedPrecinctName,
  nameSimilarity,
  precinctCode,
  simplifyPrecinctName,
  subPrecinctBase,
  trailingNumber,
} from './precinct-names.ts';

/**
 * How a current precinct was matched to the baseline, from the most to the least certain.
 * `pooled` means not matched: the unit shares its county's pool of unmatched baseline votes.
 */
export type MatchTier =
  | 'exact'
  | 'normalized'
  | 'abbreviation'
  | 'sub-precinct'
  | 'code'
  | 'prefix'
  | 'fuzzy'
  | 'pseudo'
  | 'pooled';

/** The tiers in order of certainty. */
export const MATCH_TIERS: readonly MatchTier[] = [
  'exact',
  'normalized',
  'abbreviation',
  'sub-precinct',
  'code',
  'prefix',
  'fuzzy',
  'pseudo',
  'pooled',
];

/** A precinct name of one county, with its position in the caller's list. */
export interface NamedPrecinct {
  readonly index: number;
  readonly name: string;
  readonly pseudoKind: PseudoKind | null;
}

/** Current precincts and baseline precincts that stand for the same place (or pool). */
export interface PrecinctMatch {
  readonly current: readonly number[];
  readonly baseline: readonly number[];
  readonly tier: MatchTier;
}

/** Dice similarity a fuzzy match needs, and its lead over the runner-up. */
const FUZZY_MIN = 0.75;
const FUZZY_LEAD = 0.1;
/** A truncated name shorter than this is too short to match by prefix alone. */
const PREFIX_MIN = 4;

interface Entry {
  readonly members: readonly number[];
  readonly name: string;
  readonly grouped: boolean;
  /** For a group of sub-precincts: the entries it was made of. */
  readonly parts?: readonly Entry[];
}

/**
 * Matches one county's current precincts to its baseline precincts, tier by tier: each tier only
 * sees what earlier tiers left, and only accepts one-to-one matches that are unique on both sides.
 * Pseudo-precincts match by kind (all absentee units with all absentee units). What is left on
 * either side becomes one `pooled` match, so the county's baseline total is kept whole.
 * @example matchCountyPrecincts(current, baseline).filter((m) => m.tier !== 'pooled').length
 */
export function matchCountyPrecincts(
  current: readonly NamedPrecinct[],
  baseline: readonly NamedPrecinct[],
): PrecinctMatch[] {
  const matches: PrecinctMatch[] = [];
  const kinds = new Set(
    current.flatMap((unit) => (unit.pseudoKind === null ? [] : [unit.pseudoKind])),
  );
  for (const kind of kinds) {
    const mine = current.filter((unit) => unit.pseudoKind === kind).map((unit) => unit.index);
    const theirs = baseline.filter((unit) => unit.pseudoKind === kind).map((unit) => unit.index);
    if (theirs.length > 0) matches.push({ current: mine, baseline: theirs, tier: 'pseudo' });
  }
  let left: Entry[] = current
    .filter((unit) => unit.pseudoKind === null)
    .map((unit) => ({ members: [unit.index], name: unit.name, grouped: false }));
  let right: Entry[] = baseline
    .filter((unit) => unit.pseudoKind === null)
    .map((unit) => ({ members: [unit.index], name: unit.name, grouped: false }));

  const pass = (tier: MatchTier, key: (name: string) => string | null): void => {
    const result = matchByKey(left, right, key);
    for (const [a, b] of result.pairs)
      matches.push({
        current: a.members,
        baseline: b.members,
        tier: a.grouped || b.grouped ? 'sub-precinct' : tier,
      });
    left = result.left;
    right = result.right;
  };
  // Drops entries an earlier pass matched (passes that push to `matches` directly).
  const prune = (): void => {
    const mine = new Set(matches.flatMap((match) => [...match.current]));
    const theirs = new Set(matches.flatMap((match) => [...match.baseline]));
    left = left.filter((entry) => !entry.members.some((member) => mine.has(member)));
    right = right.filter((entry) => !entry.members.some((member) => theirs.has(member)));
  };
  pass('exact', (name) => name);
  pass('normalized', simplifyPrecinctName);
  pass('abbreviation', abbreviatedPrecinctName);
  // Sub-precincts split or merged between the elections: `X #1..#n` on one side, `X` on the other
  // (or only a code and a cut name, as in Montgomery's `101 H`).
  right = groupSubPrecincts(right);
  pass('normalized', simplifyPrecinctName);
  pass('abbreviation', abbreviatedPrecinctName);
  pass('code', precinctCode);
  prefixPass(left, right, matches);
  prune();
  right = ungroup(right);
  left = groupSubPrecincts(left);
  pass('normalized', simplifyPrecinctName);
  pass('abbreviation', abbreviatedPrecinctName);
  left = ungroup(left);
  pass('code', precinctCode);
  prefixPass(left, right, matches);
  prune();
  fuzzyPass(left, right, matches);

  const matchedCurrent = new Set(matches.flatMap((match) => [...match.current]));
  const matchedBaseline = new Set(matches.flatMap((match) => [...match.baseline]));
  const poolCurrent = current
    .map((unit) => unit.index)
    .filter((index) => !matchedCurrent.has(index));
  const poolBaseline = baseline
    .map((unit) => unit.index)
    .filter((index) => !matchedBaseline.has(index));
  if (poolCurrent.length > 0 || poolBaseline.length > 0)
    matches.push({ current: poolCurrent, baseline: poolBaseline, tier: 'pooled' });
  return matches;
}

function matchByKey(
  left: readonly Entry[],
  right: readonly Entry[],
  key: (name: string) => string | null,
): { pairs: [Entry, Entry][]; left: Entry[]; right: Entry[] } {
  const index = (entries: readonly Entry[]): Map<string, Entry[]> => {
    const map = new Map<string, Entry[]>();
    for (const entry of entries) {
      const k = key(entry.name);
      if (k === null || k === '') continue;
      const list = map.get(k);
      if (list === undefined) map.set(k, [entry]);
      else list.push(entry);
    }
    return map;
  };
  const byLeft = index(left);
  const byRight = index(right);
  const pairs: [Entry, Entry][] = [];
  const used = new Set<Entry>();
  for (const [k, mine] of byLeft) {
    const theirs = byRight.get(k);
    const a = mine[0];
    const b = theirs?.[0];
    if (mine.length !== 1 || theirs?.length !== 1 || a === undefined || b === undefined) continue;
    pairs.push([a, b]);
    used.add(a);
    used.add(b);
  }
  return {
    pairs,
    left: left.filter((entry) => !used.has(entry)),
    right: right.filter((entry) => !used.has(entry)),
  };
}

// Baseline sub-precincts `X #1..#n` become one entry `X`, which a current `X` can match whole.
function groupSubPrecincts(entries: readonly Entry[]): Entry[] {
  const groups = new Map<string, Entry[]>();
  const out: Entry[] = [];
  for (const entry of entries) {
    const base = subPrecinctBase(entry.name);
    if (base === null) {
      out.push(entry);
      continue;
    }
    const list = groups.get(base);
    if (list === undefined) groups.set(base, [entry]);
    else list.push(entry);
  }
  for (const [base, parts] of groups)
    out.push({ members: parts.flatMap((part) => part.members), name: base, grouped: true, parts });
  return out;
}

function ungroup(entries: readonly Entry[]): Entry[] {
  return entries.flatMap((entry) => entry.parts ?? [entry]);
}

// A name cut short (Jefferson at 25 characters, Chilton at 5) matches the one longer name it is
// a prefix of, when no other name on either side shares that prefix.
function prefixPass(
  left: readonly Entry[],
  right: readonly Entry[],
  matches: PrecinctMatch[],
): void {
  const simple = (entry: Entry): string => simplifyPrecinctName(entry.name);
  const candidates = new Map<Entry, Entry[]>();
  for (const a of left) {
    const sa = simple(a);
    const found = right.filter((b) => {
      const sb = simple(b);
      const shorter = sa.length <= sb.length ? sa : sb;
      return shorter.length >= PREFIX_MIN && (sb.startsWith(sa) || sa.startsWith(sb));
    });
    candidates.set(a, found);
  }
  const claims = new Map<Entry, number>();
  for (const found of candidates.values())
    for (const b of found) claims.set(b, (claims.get(b) ?? 0) + 1);
  for (const [a, found] of candidates) {
    const b = found[0];
    if (found.length === 1 && b !== undefined && claims.get(b) === 1)
      matches.push({
        current: a.members,
        baseline: b.members,
        tier: a.grouped || b.grouped ? 'sub-precinct' : 'prefix',
      });
  }
}

// Careful fuzzy matching: mutual best pairs, similar enough and clearly ahead of the runner-up.
function fuzzyPass(
  left: readonly Entry[],
  right: readonly Entry[],
  matches: PrecinctMatch[],
): void {
  const best = (from: Entry, pool: readonly Entry[], score: (a: Entry, b: Entry) => number) => {
    let top: Entry | null = null;
    let first = 0;
    let second = 0;
    for (const other of pool) {
      const value = score(from, other);
      if (value > first) {
        second = first;
        first = value;
        top = other;
      } else if (value > second) second = value;
    }
    return { top, first, second };
  };
  // Sub-precincts only match the same number: `X #1` never matches `X #2`, however similar.
  const score = (a: Entry, b: Entry): number =>
    trailingNumber(a.name) === trailingNumber(b.name) ? nameSimilarity(a.name, b.name) : 0;
  for (const a of left) {
    const forward = best(a, right, score);
    if (
      forward.top === null ||
      forward.first < FUZZY_MIN ||
      forward.first - forward.second < FUZZY_LEAD
    )
      continue;
    const back = best(forward.top, left, (b, c) => score(c, b));
    if (back.top !== a || back.first - back.second < FUZZY_LEAD) continue;
    matches.push({ current: a.members, baseline: forward.top.members, tier: 'fuzzy' });
  }
}
