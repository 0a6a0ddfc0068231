// Precinct names change between elections in predictable ways: punctuation converted to `_`,
// a `PREC ` prefix, names cut to a fixed width, abbreviations written out or not, leading zeros
// in precinct codes. These helpers reduce a name to forms that compare equal across those changes.

const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['CHURCH', 'CH'],
  ['CHUR', 'CH'],
  ['CHRCH', 'CH'],
  ['CENTER', 'CTR'],
  ['CENTRE', 'CTR'],
  ['CNTR', 'CTR'],
  ['COMMUNITY', 'COMM'],
  ['COMMUNIT', 'COMM'],
  ['COMMUN', 'COMM'],
  ['COMMU', 'COMM'],
  ['COM', 'COMM'],
  ['BAPTIST', 'BAPT'],
  ['BAP', 'BAPT'],
  ['METHODIST', 'METH'],
  ['METHOD', 'METH'],
  ['METHODIS', 'METH'],
  ['UNITED', 'UTD'],
  ['ELEMENTARY', 'ELEM'],
  ['ELEMENTAR', 'ELEM'],
  ['ELEMEN', 'ELEM'],
  ['ELEMENT', 'ELEM'],
  ['ELEMENTA', 'ELEM'],
  ['SCHOOL', 'SCH'],
  ['SCHL', 'SCH'],
  ['BUILDING', 'BLDG'],
  ['BLD', 'BLDG'],
  ['DEPARTMENT', 'DEPT'],
  ['DEP', 'DEPT'],
  ['VOLUNTEER', 'VOL'],
  ['VOLUNTER', 'VOL'],
  ['STATION', 'STA'],
  ['STN', 'STA'],
  ['GOVERNMENT', 'GOVT'],
  ['GOV', 'GOVT'],
  ['RECREATION', 'REC'],
  ['LIBRARY', 'LIB'],
  ['MOUNT', 'MT'],
  ['MOUNTAIN', 'MTN'],
  ['SAINT', 'ST'],
  ['NORTH', 'N'],
  ['SOUTH', 'S'],
  ['EAST', 'E'],
  ['WEST', 'W'],
  ['HIGH', 'HI'],
  ['HEIGHTS', 'HTS'],
  ['MISSIONARY', 'MB'],
  ['NATIONAL', 'NATL'],
  ['GUARD', 'GRD'],
  ['AUDITORIUM', 'AUD'],
  ['FIRST', '1ST'],
  ['SECOND', '2ND'],
  ['THIRD', '3RD'],
  ['AND', '&'],
  ['CHAPEL', 'CHPL'],
  ['FELLOWSHIP', 'FELLOW'],
  ['ASSOCIATION', 'ASSN'],
  ['MEMORIAL', 'MEM'],
  ['TOWN', 'TWN'],
]);

/**
 * The simple normal form: upper case, `_` and punctuation (`#` too, other than `&`) as spaces,
 * a leading `PREC ` or `PRECINCT ` dropped, leading zeros of numbers dropped, spaces collapsed.
 * @example simplifyPrecinctName('PREC 0040 - E_MEMORIAL') // '40 E MEMORIAL'
 */
export function simplifyPrecinctName(name: string): string {
  return name
    .toUpperCase()
    .replace(/[^A-Z0-9& ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(PREC|PRECINCT|PCT)\s+/, '')
    .replace(/\b0+(\d)/g, '$1');
}

/**
 * The simple form with common abbreviations reduced to one spelling (CHURCH and CH, CENTER and
 * CTR, ...), so names written out in one year and abbreviated in the other compare equal.
 * @example abbreviatedPrecinctName('BETHEL BAPTIST CHURCH') // 'BETHEL BAPT CH'
 */
export function abbreviatedPrecinctName(name: string): string {
  return simplifyPrecinctName(name)
    .split(' ')
    .map((word) => ABBREVIATIONS.get(word) ?? word)
    .join(' ');
}

/**
 * The leading precinct code of a name (`1010 - OUR LADY` -> `1010`, `PREC 0040 X` -> `40`), or
 * null when the name does not start with a number.
 * @example precinctCode('101 LEO DRUM THEATER/HUNT #1') // '101'
 */
export function precinctCode(name: string): string | null {
  const match = /^(\d+[A-Z]?)\b/.exec(simplifyPrecinctName(name));
  return match?.[1] ?? null;
}

/**
 * The name without a trailing sub-precinct number (`X #2` -> `X`), or null when it has none.
 * @example subPrecinctBase('MUSEUM OF FINE ARTS #3') // 'MUSEUM OF FINE ARTS'
 */
export function subPrecinctBase(name: string): string | null {
  const match = /^(.*?)\s*#\s*\d+[A-Z]?$/.exec(name.trim());
  return match?.[1] === undefined || match[1] === '' ? null : simplifyPrecinctName(match[1]);
}

/**
 * A similarity in [0, 1] between two names: the Dice coefficient of their character bigrams
 * in the abbreviated form, which tolerates typos and reordered words but not different places.
 * @example nameSimilarity('CAVALRY FRIENDSHIP CTR', 'CALVARY HILL FRIENDSHIP C') // about 0.6
 */
export function nameSimilarity(a: string, b: string): number {
  const left = bigrams(abbreviatedPrecinctName(a));
  const right = bigrams(abbreviatedPrecinctName(b));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  let total = 0;
  for (const [gram, count] of left) {
    shared += Math.min(count, right.get(gram) ?? 0);
    total += count;
  }
  for (const count of right.values()) total += count;
  return (2 * shared) / total;
}

/**
 * The trailing sub-precinct number of a name (`X #2`, `X 2`), or null.
 * @example trailingNumber('RAINSVILLE #2') // '2'
 */
export function trailingNumber(name: string): string | null {
  const match = /\s(\d{1,2})$/.exec(simplifyPrecinctName(name));
  return match?.[1] ?? null;
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const compact = text.replace(/ /g, '');
  for (let at = 0; at + 1 < compact.length; at++) {
    const gram = compact.slice(at, at + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}
