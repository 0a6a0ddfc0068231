// Offsets of the US time-zone abbreviations Clarity writes after its timestamps.
const ZONES: Readonly<Record<string, string>> = {
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  AKST: '-09:00',
  AKDT: '-08:00',
  HST: '-10:00',
  HDT: '-09:00',
  AST: '-04:00',
  UTC: 'Z',
  GMT: 'Z',
};

/**
 * Reads a Clarity timestamp (`11/3/2026 9:42:10 PM EST`: US date, 12-hour clock, zone
 * abbreviation) as an ISO 8601 time with its offset; null when it is not one, or the zone is
 * missing or unknown (a time without a zone cannot be placed).
 * @example clarityTimestamp('11/3/2026 9:42:10 PM EST') // '2026-11-03T21:42:10-05:00'
 */
export function clarityTimestamp(text: string): string | null {
  const match =
    /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AP]M) ([A-Z]{2,4})$/i.exec(
      text.trim(),
    );
  if (match === null) return null;
  const [, month, day, year, hour, minute, second, half, zone] = match;
  const offset = ZONES[(zone ?? '').toUpperCase()];
  const date = clarityDate(`${month ?? ''}/${day ?? ''}/${year ?? ''}`);
  const h12 = Number(hour);
  if (offset === undefined || date === null || h12 < 1 || h12 > 12 || Number(minute) > 59)
    return null;
  const h24 = (h12 % 12) + ((half ?? '').toUpperCase() === 'PM' ? 12 : 0);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date}T${pad(h24)}:${minute ?? '00'}:${second ?? '00'}${offset}`;
}

/**
 * Reads a US date (`11/3/2026`) as `2026-11-03`; null when it is not a real date.
 * @example clarityDate('2/30/2026') // null
 */
export function clarityDate(text: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (match === null) return null;
  const [, month, day, year] = match.map(Number);
  if (month === undefined || day === undefined || year === undefined) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
