/**
 * The office scopes the state recount laws distinguish. Statutes name offices by level (a
 * "statewide office"), by chamber (Michigan: state senate 75 votes, state house 25), by court
 * (New Mexico, Minnesota: statewide vs district judicial) and by locality (county, municipal,
 * school and special districts), so one flat list covers them all. A statewide ballot measure
 * has scope `statewide`; a local one the scope of its jurisdiction.
 */
export const OFFICE_SCOPES = [
  'president',
  'us-senate',
  'us-house',
  'statewide',
  'state-senate',
  'state-house',
  'judicial-statewide',
  'judicial-district',
  'county',
  'municipal',
  'school-special-district',
  'other-district',
] as const;

/** An office scope: see {@link OFFICE_SCOPES}. */
export type OfficeScope = (typeof OFFICE_SCOPES)[number];

/** The election types the recount laws distinguish. */
export const RECOUNT_ELECTION_TYPES = [
  'general',
  'special-general',
  'primary',
  'special-primary',
  'runoff',
] as const;

/** An election type: see {@link RECOUNT_ELECTION_TYPES}. */
export type RecountElectionType = (typeof RECOUNT_ELECTION_TYPES)[number];

/** What a contest decides between: candidates, or the two sides of a ballot measure. */
export const RECOUNT_CONTEST_KINDS = ['candidate', 'measure'] as const;

/** A contest kind: see {@link RECOUNT_CONTEST_KINDS}. */
export type RecountContestKind = (typeof RECOUNT_CONTEST_KINDS)[number];

/**
 * The vote totals a statute measures a margin against. `T_office`: all votes for the office,
 * write-ins included; `T_top2`: the two compared choices; `V_winner`: the leader; `V_low_win`: the
 * winner with the fewest votes; `T_measure`: yes + no; `B_contest`: ballots on which the contest
 * appeared; `T_stwide`: Michigan's "votes cast in that statewide election"; `T_office_per_seat`:
 * `T_office` divided by the number of seats (Vermont).
 */
export const DENOMINATORS = [
  'T_office',
  'T_top2',
  'V_winner',
  'V_low_win',
  'T_measure',
  'B_contest',
  'T_stwide',
  'T_office_per_seat',
] as const;

/** A denominator: see {@link DENOMINATORS}. */
export type Denominator = (typeof DENOMINATORS)[number];
