import type { Contest, ElectionType } from '@canvass/core';

// AP-style codes for what the definition says in words. AP's own lists are longer; newsroom
// tools key mostly on these, and anything unrecognised gets a neutral code rather than a guess.

/** `raceType` and `raceTypeID` for an election type and a primary's party. */
export function raceTypeOf(
  type: ElectionType,
  primaryParty: string | null,
): { raceType: string; raceTypeID: string } {
  switch (type) {
    case 'general':
      return { raceType: 'General', raceTypeID: 'G' };
    case 'special-general':
      return { raceType: 'Special General', raceTypeID: 'SG' };
    case 'runoff':
      return { raceType: 'Runoff', raceTypeID: 'RO' };
    case 'primary':
    case 'special-primary': {
      const party = partyCode(primaryParty);
      const special = type === 'special-primary' ? 'Special ' : '';
      const letter = party === 'Dem' ? 'D' : party === 'GOP' ? 'R' : 'P';
      return {
        raceType: `${special}${party ?? 'Open'} Primary`,
        raceTypeID: type === 'special-primary' ? `S${letter}` : letter,
      };
    }
    case 'other':
      return { raceType: 'Other', raceTypeID: 'O' };
  }
}

/** `officeID`: P president, S U.S. Senate, H U.S. House, G governor, L lieutenant governor, I ballot issue, Y other. */
export function officeIdOf(contest: Contest): string {
  if (contest.kind === 'measure' || contest.kind === 'retention') return 'I';
  const office = contest.office.toLowerCase();
  if (/\bpresident\b/.test(office) && !/\bvice\b/.test(office)) return 'P';
  if (/lieutenant governor|lt\.? governor/.test(office)) return 'L';
  if (/\bgovernor\b/.test(office)) return 'G';
  if (/(u\.?s\.?|united states) senat/.test(office)) return 'S';
  if (/(u\.?s\.?|united states) (house|representative)|\bcongress/.test(office)) return 'H';
  return 'Y';
}

/** AP's party abbreviations for the two major parties; other parties as the definition spells them. */
export function partyCode(party: string | null): string | null {
  if (party === null || party === '') return null;
  const key = party.trim().toLowerCase();
  if (['dem', 'd', 'democrat', 'democratic', 'democratic party'].includes(key)) return 'Dem';
  if (['rep', 'r', 'gop', 'republican', 'republican party'].includes(key)) return 'GOP';
  if (['lib', 'libertarian'].includes(key)) return 'Lib';
  if (['grn', 'green'].includes(key)) return 'Grn';
  if (['ind', 'independent'].includes(key)) return 'Ind';
  if (['npa', 'nonpartisan', 'non-partisan'].includes(key)) return 'NP';
  return party.trim();
}

/** Splits a ballot name into AP's `first` and `last` (the last word, keeping a Jr./Sr./II suffix). */
export function splitName(name: string): { first: string; last: string } {
  const words = name.trim().split(/\s+/);
  if (words.length <= 1) return { first: '', last: name.trim() };
  let cut = words.length - 1;
  if (/^(jr|sr|ii|iii|iv)\.?,?$/i.test(words[cut] ?? '') && cut > 1) cut -= 1;
  return {
    first: words.slice(0, cut).join(' ').replace(/,$/, ''),
    last: words.slice(cut).join(' '),
  };
}
