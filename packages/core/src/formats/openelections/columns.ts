import type { VoteType } from '../../model/vote-type.ts';

/** Where each meaningful column of an OpenElections file is (indices into a record). */
export interface ColumnLayout {
  readonly header: readonly string[];
  readonly county: number;
  readonly precinct: number;
  readonly office: number;
  readonly district: number;
  readonly party: number;
  readonly candidate: number;
  /** The `votes` column, or -1 when totals come from the vote-method columns. */
  readonly votes: number;
  /** Extra geographic columns (town, ward, ...): part of a unit's identity. */
  readonly geo: readonly { readonly index: number; readonly name: string }[];
  /** Vote-method columns with the vote type each holds. */
  readonly methods: readonly {
    readonly index: number;
    readonly name: string;
    readonly voteType: VoteType;
  }[];
  /** Columns read but not used, reported once. */
  readonly ignored: readonly string[];
}

/** Why a header cannot be used. */
export interface HeaderProblem {
  readonly code: 'missing-column' | 'duplicate-column';
  readonly column: string;
  readonly reason: string;
}

const BASE = ['county', 'precinct', 'office', 'district', 'party', 'candidate', 'votes'] as const;
type BaseColumn = (typeof BASE)[number];

const ALIASES: Readonly<Record<string, BaseColumn>> = {
  parish: 'county',
  county_name: 'county',
  precinct_name: 'precinct',
  contest: 'office',
  race: 'office',
  candidate_name: 'candidate',
  choice: 'candidate',
  party_code: 'party',
  votes_total: 'votes',
};

/** Geographic columns seen in OpenElections files (see DIALECTS.md). */
const GEO = new Set([
  'town',
  'township',
  'ward',
  'municipality',
  'jurisdiction',
  'city',
  'village',
  'borough',
  'city_town',
  'town_city',
  'mcd',
  'vtd',
  'precinct_code',
  'precinct_id',
  'election_district',
  'assembly_district',
  'ed',
  'ad',
  'reporting_unit',
  'locality',
  'place',
]);

/**
 * Vote-method column names (normalised, `_votes` suffix dropped) and their vote types. Sources:
 * DIALECTS.md. Where a state's term is ambiguous the closest type wins: Georgia's advance voting
 * and North Carolina's one-stop are early voting; New York's affidavit ballots are provisional;
 * Michigan's AV counting boards count absentee ballots.
 */
const METHODS: Readonly<Record<string, VoteType>> = {
  election_day: 'election-day',
  eday: 'election-day',
  election: 'election-day',
  election_day_in_person: 'election-day',
  in_person: 'election-day',
  polling_place: 'election-day',
  polls: 'election-day',
  public_counter: 'election-day',
  machine: 'election-day',
  early_voting: 'early',
  early_vote: 'early',
  early: 'early',
  early_in_person: 'early',
  in_person_early: 'early',
  advance: 'early',
  advanced: 'early',
  advance_voting: 'early',
  advanced_voting: 'early',
  advance_in_person: 'early',
  one_stop: 'early',
  onestop: 'early',
  absentee: 'absentee',
  absentee_by_mail: 'absentee',
  absentee_mail: 'absentee',
  absentee_military: 'absentee',
  absentee_in_person: 'early',
  av_counting_boards: 'absentee',
  pre_process_absentee: 'absentee',
  mail: 'mail',
  mail_in: 'mail',
  mailin: 'mail',
  by_mail: 'mail',
  vote_by_mail: 'mail',
  vbm: 'mail',
  mail_ballots: 'mail',
  provisional: 'provisional',
  provisionals: 'provisional',
  affidavit: 'provisional',
  federal: 'other',
  emergency: 'other',
  manually_counted_emergency: 'other',
  special_presidential: 'other',
  uocava: 'other',
  overseas: 'other',
  other: 'other',
};

/**
 * Normalises a header cell for matching: trimmed, lower case, spaces and dashes as `_`.
 * @example normalizeHeader(' Election Day ') // 'election_day'
 */
export function normalizeHeader(cell: string): string {
  return cell
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-/]+/g, '_');
}

/**
 * Maps a header row to a {@link ColumnLayout}: the seven base columns (case- and
 * space-insensitive), vote-method columns, extra geographic columns; anything else is ignored.
 * Fails when office, candidate, county or a place column, or any count column is missing.
 * @example layoutColumns(['county','precinct','office','district','party','candidate','votes'])
 */
export function layoutColumns(
  header: readonly string[],
): { ok: true; layout: ColumnLayout } | { ok: false; problems: HeaderProblem[] } {
  const base: Record<BaseColumn, number> = {
    county: -1,
    precinct: -1,
    office: -1,
    district: -1,
    party: -1,
    candidate: -1,
    votes: -1,
  };
  const geo: { index: number; name: string }[] = [];
  const methods: { index: number; name: string; voteType: VoteType }[] = [];
  const ignored: string[] = [];
  const problems: HeaderProblem[] = [];
  let totalVotes = -1;
  header.forEach((cell, index) => {
    const name = normalizeHeader(cell);
    const baseName = (BASE as readonly string[]).includes(name)
      ? (name as BaseColumn)
      : ALIASES[name];
    if (baseName !== undefined) {
      if (base[baseName] !== -1)
        problems.push({
          code: 'duplicate-column',
          column: cell,
          reason: `the column "${cell}" appears twice`,
        });
      else base[baseName] = index;
      return;
    }
    if (name === 'total_votes' || name === 'total') {
      totalVotes = index;
      return;
    }
    if (GEO.has(name)) {
      geo.push({ index, name: cell.trim() });
      return;
    }
    const method =
      METHODS[name] ??
      METHODS[name.replace(/_votes?$/, '')] ??
      METHODS[name.replace(/_ballots?$/, '')];
    if (method !== undefined) {
      methods.push({ index, name: cell.trim(), voteType: method });
      return;
    }
    ignored.push(cell);
  });
  // Georgia names its total `total_votes`; Wisconsin uses `total votes` for the contest's total
  // beside a per-candidate `votes`. So it is the total only when there is no `votes` column.
  if (totalVotes !== -1) {
    if (base.votes === -1) base.votes = totalVotes;
    else ignored.push(header[totalVotes] ?? '');
  }
  for (const required of ['county', 'office', 'candidate'] as const)
    if (base[required] === -1)
      problems.push({
        code: 'missing-column',
        column: required,
        reason: `the required column "${required}" is missing`,
      });
  if (base.precinct === -1 && geo.length === 0)
    problems.push({
      code: 'missing-column',
      column: 'precinct',
      reason: 'the required column "precinct" is missing (nor is there a town or ward column)',
    });
  if (base.votes === -1 && methods.length === 0)
    problems.push({
      code: 'missing-column',
      column: 'votes',
      reason:
        'the required column "votes" is missing (nor is there a vote-method column such as election_day)',
    });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, layout: { header, ...base, geo, methods, ignored } };
}
