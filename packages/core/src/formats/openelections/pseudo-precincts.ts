import type { PseudoKind } from '../../model/reporting-unit.ts';
import { normalizeName } from './normalize.ts';

// Whole words, so PROVIDENCE or ABSENCE ROAD stay precincts. Truncations and misspellings seen in
// the Alabama files (ABSEN, PROVI, PROVISONAL, PROVSIONAL) are listed explicitly.
const RULES: readonly (readonly [RegExp, PseudoKind])[] = [
  [/\b(ABSENTEES?|ABSENTE|ABSENT|ABSEN|ABS|ABSENTEE BALLOTS?)\b/, 'absentee'],
  [
    /\b(PROVISIONALS?|PROVISONAL|PROVSIONAL|PROVISIONA|PROVISION|PROVISIO|PROVISI|PROVIS|PROVI|PROV|AFFIDAVITS?)\b/,
    'provisional',
  ],
  [/^EARLY\b|\bEARLY VOT(E|ES|ING)\b|\bONE[- ]STOP\b|\bADVANCED? VOT(E|ES|ING)\b/, 'early'],
  [/\b(MAIL|MAIL[- ]IN|BY MAIL|MAIL BALLOTS?|VBM)\b/, 'mail'],
  [/\bCENTRAL(LY)? COUNT(ED|ING)?\b/, 'central'],
  [/\b(UOCAVA|OVERSEAS)\b/, 'other'],
];

/**
 * Recognises pseudo-precincts (ballots counted apart from a place): `ABSENTEE`, `PROVISIONAL`,
 * `EARLY VOTING`, `MAIL`, `ONE STOP`, `CENTRAL COUNT`, misspelled or truncated forms, and
 * city-scoped or numbered ones (`BESSEMER ABSENTEE`, `ABSENTEE 1-40`, `ABSENTEE #1`).
 * @example pseudoKindOf('PROVSIONAL') // 'provisional'
 * @example pseudoKindOf('PROVIDENCE FIRE DEPT_') // null
 */
export function pseudoKindOf(precinct: string): PseudoKind | null {
  const name = normalizeName(precinct);
  for (const [pattern, kind] of RULES) if (pattern.test(name)) return kind;
  return null;
}

const COUNTY_TOTAL =
  /^(COUNTY )?TOTALS?$|^COUNTY TOTALS?$|^TOTAL FOR COUNTY$|^GRAND TOTALS?$|^ALL PRECINCTS$|^COUNTYWIDE( TOTALS?)?$/;

/**
 * Whether a precinct name says the row is a county total (`Total`, `County Total`, `TOTALS`).
 * A blank precinct is decided separately, by whether the county has other precincts.
 * @example isCountyTotalName('County Total') // true
 */
export function isCountyTotalName(precinct: string): boolean {
  return COUNTY_TOTAL.test(normalizeName(precinct));
}
