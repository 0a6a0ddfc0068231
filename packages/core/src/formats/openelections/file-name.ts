import type { ElectionType } from '../../model/election.ts';

/** What an OpenElections file name says about its election. */
export interface ElectionMeta {
  readonly id: string;
  readonly name: string;
  readonly date: string;
  readonly state: string;
  readonly type: ElectionType;
}

/** Two-letter postal codes to names, for election names. */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'U.S. Virgin Islands',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const TYPE_LABELS: Readonly<Record<ElectionType, string>> = {
  general: 'General',
  primary: 'Primary',
  'special-general': 'Special General',
  'special-primary': 'Special Primary',
  runoff: 'Runoff',
  other: '',
};

/**
 * Reads the election from an OpenElections file name (`YYYYMMDD__st__type[__...].csv`, where the
 * type words are e.g. `general`, `primary`, `special__general`, `primary__runoff`). Directories
 * are ignored. Null when the name does not follow the convention.
 * @example
 * inferElectionMetaFromFileName('20171212__al__special__general__precinct.csv')
 * // { id: '2017-12-12-al-special-general', date: '2017-12-12', state: 'AL',
 * //   type: 'special-general', name: 'Alabama Special General Election, 12 December 2017' }
 */
export function inferElectionMetaFromFileName(name: string): ElectionMeta | null {
  const base = name.split(/[\\/]/).pop() ?? name;
  const match = /^(\d{4})(\d{2})(\d{2})__([a-z]{2})__(.+?)(\.[a-z]+)?$/i.exec(base);
  if (match === null) return null;
  const [, year = '', month = '', day = '', st = '', rest = ''] = match;
  const monthIndex = Number(month) - 1;
  const dayNumber = Number(day);
  if (monthIndex < 0 || monthIndex > 11 || dayNumber < 1 || dayNumber > 31) return null;
  const state = st.toUpperCase();
  const words = rest.toLowerCase().split(/_+/);
  const special = words.includes('special');
  const type: ElectionType = words.includes('runoff')
    ? 'runoff'
    : words.includes('primary')
      ? special
        ? 'special-primary'
        : 'primary'
      : words.includes('general') || special
        ? special
          ? 'special-general'
          : 'general'
        : 'other';
  const date = `${year}-${month}-${day}`;
  const label = TYPE_LABELS[type];
  const stateName = STATE_NAMES[state] ?? state;
  return {
    id: `${date}-${state.toLowerCase()}-${type === 'other' ? 'election' : type}`,
    date,
    state,
    type,
    name: `${stateName} ${label === '' ? '' : `${label} `}Election, ${dayNumber} ${MONTHS[monthIndex] ?? ''} ${year}`,
  };
}
