/** The outcome of reading one votes cell. */
export type VoteCell =
  | { readonly kind: 'empty' }
  | { readonly kind: 'value'; readonly value: number; readonly grouped: boolean }
  | {
      readonly kind: 'error';
      readonly code: 'fractional-votes' | 'negative-votes' | 'non-numeric-votes';
      readonly reason: string;
    };

const EMPTY: VoteCell = { kind: 'empty' };
const ZERO = 48;
const NINE = 57;
const DOT = 46;

/** {@link fastVoteValue}: the cell is empty (unknown). */
export const VOTE_EMPTY = -1;
/** {@link fastVoteValue}: the cell needs {@link readVoteCell} (an error, or an unusual form). */
export const VOTE_SLOW = -2;

/**
 * The hot-path reader: the count in a plain cell (`815`, `815.0`), or {@link VOTE_EMPTY}, or
 * {@link VOTE_SLOW} when {@link readVoteCell} must look at it. Allocates nothing.
 * @example fastVoteValue('815.0') // 815
 */
export function fastVoteValue(raw: string): number {
  const length = raw.length;
  if (length === 0) return VOTE_EMPTY;
  let value = 0;
  let at = 0;
  for (; at < length; at++) {
    const code = raw.charCodeAt(at);
    if (code < ZERO || code > NINE) break;
    value = value * 10 + (code - ZERO);
  }
  if (at === 0 || value > Number.MAX_SAFE_INTEGER) return VOTE_SLOW;
  if (at === length) return value;
  if (raw.charCodeAt(at) !== DOT || at + 1 === length) return VOTE_SLOW;
  for (at++; at < length; at++) if (raw.charCodeAt(at) !== ZERO) return VOTE_SLOW;
  return value;
}

/**
 * Reads a votes cell: whole numbers, optionally written as floats with a zero fraction
 * (`815.0`), or with thousands separators in a quoted cell (`1,234`). An empty cell is unknown
 * (`empty`), never zero. A real fraction, a negative number or text is an error with a reason.
 * @example readVoteCell('1808.0') // { kind: 'value', value: 1808, grouped: false }
 */
export function readVoteCell(raw: string): VoteCell {
  const fast = fastVoteValue(raw);
  if (fast === VOTE_EMPTY) return EMPTY;
  if (fast >= 0) return { kind: 'value', value: fast, grouped: false };
  return readSlow(raw);
}

function readSlow(raw: string): VoteCell {
  const text = raw.trim();
  if (text.length === 0) return EMPTY;
  if (/^\d+(\.0+)?$/.test(text)) return checked(Number(text.replace(/\.0+$/, '')), false, raw);
  if (/^\d{1,3}(,\d{3})+(\.0+)?$/.test(text))
    return checked(Number(text.replace(/,/g, '').replace(/\.0+$/, '')), true, raw);
  if (/^-\s*\d[\d,]*(\.\d+)?$/.test(text))
    return {
      kind: 'error',
      code: 'negative-votes',
      reason: `votes "${raw}" is negative; a count cannot be below zero`,
    };
  if (/^(\d[\d,]*)?\.\d+$/.test(text))
    return {
      kind: 'error',
      code: 'fractional-votes',
      reason: `votes "${raw}" has a fractional part; votes must be whole numbers`,
    };
  return { kind: 'error', code: 'non-numeric-votes', reason: `votes "${raw}" is not a number` };
}

function checked(value: number, grouped: boolean, raw: string): VoteCell {
  if (!Number.isSafeInteger(value))
    return {
      kind: 'error',
      code: 'non-numeric-votes',
      reason: `votes "${raw}" is too large to be a count`,
    };
  return { kind: 'value', value, grouped };
}
