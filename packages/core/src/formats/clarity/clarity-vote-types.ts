import type { VoteType } from '../../model/vote-type.ts';

/**
 * Clarity vote-type names (lower case, a trailing "votes" or "ballots" dropped) and the vote
 * types they hold. Names differ by state and county ("Election Day", "Election Day Votes",
 * "Advanced Voting Votes", "Absentee by Mail Votes"); in-person absentee and advance voting are
 * early voting, as in the OpenElections column table. A name not here rejects the file, so a new
 * name is added on purpose rather than counted as something it is not.
 */
export const CLARITY_VOTE_TYPES: Readonly<Record<string, VoteType>> = {
  total: 'total',
  'election day': 'election-day',
  election: 'election-day',
  'election day voting': 'election-day',
  'polling place': 'election-day',
  'in person': 'election-day',
  'in-person': 'election-day',
  'early voting': 'early',
  early: 'early',
  'early vote': 'early',
  'advance voting': 'early',
  'advanced voting': 'early',
  'advance in person': 'early',
  'absentee in person': 'early',
  'in person absentee': 'early',
  'one stop': 'early',
  absentee: 'absentee',
  'absentee by mail': 'absentee',
  'absentee mail': 'absentee',
  'mail-in': 'mail',
  'mail in': 'mail',
  mail: 'mail',
  'by mail': 'mail',
  'vote by mail': 'mail',
  provisional: 'provisional',
  uocava: 'other',
  military: 'other',
  overseas: 'other',
  federal: 'other',
  other: 'other',
};

/**
 * The vote type of a Clarity `VoteType@name`, or null when the table does not know the name.
 * @example clarityVoteType('Absentee by Mail Votes') // 'absentee'
 */
export function clarityVoteType(name: string): VoteType | null {
  const key = name
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ (votes|ballots)$/, '');
  return CLARITY_VOTE_TYPES[key] ?? null;
}
