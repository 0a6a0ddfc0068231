import type { ElectionType } from '../../model/election.ts';

/** How each Canvass election type is written as a NIST `ElectionType`. */
export const NIST_ELECTION_TYPE: Readonly<Record<ElectionType, string>> = {
  general: 'general',
  primary: 'primary',
  'special-general': 'special',
  'special-primary': 'special',
  runoff: 'runoff',
  other: 'other',
};

/**
 * The Canvass election type of a NIST `ElectionType` (a special election is taken as a special
 * general unless the report says otherwise in its Canvass detail).
 * @example electionTypeFromNist('partisan-primary-closed') // 'primary'
 */
export function electionTypeFromNist(type: string): ElectionType {
  switch (type) {
    case 'general':
      return 'general';
    case 'primary':
    case 'partisan-primary-closed':
    case 'partisan-primary-open':
      return 'primary';
    case 'special':
      return 'special-general';
    case 'runoff':
      return 'runoff';
    default:
      return 'other';
  }
}
