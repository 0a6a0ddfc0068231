import type { VoteType } from '../../model/vote-type.ts';

/** How each Canvass vote type is written as a NIST `CountItemType`. */
export const NIST_COUNT_TYPE: Readonly<Record<VoteType, string>> = {
  total: 'total',
  'election-day': 'election-day',
  early: 'early',
  absentee: 'absentee',
  mail: 'absentee-mail',
  provisional: 'provisional',
  other: 'other',
};

// In-person absentee is early voting, as in the OpenElections column table; overseas and
// military ballots have no type of their own in Canvass.
const FROM_NIST: Readonly<Record<string, VoteType>> = {
  total: 'total',
  'election-day': 'election-day',
  early: 'early',
  absentee: 'absentee',
  'absentee-mail': 'mail',
  'absentee-fwab': 'absentee',
  'absentee-in-person': 'early',
  provisional: 'provisional',
  uocava: 'other',
  other: 'other',
};

/**
 * The Canvass vote type of a NIST `CountItemType`, or null for the types that are not ballots
 * by how they were cast (`seats`, `write-in`).
 * @example voteTypeFromNist('absentee-mail') // 'mail'
 */
export function voteTypeFromNist(type: string): VoteType | null {
  return FROM_NIST[type] ?? null;
}
