/**
 * Object ids in NIST reports. XML ids must be NCNames (no `/`, `:` or leading digit), so each
 * Canvass id is written with a kind prefix and every character outside `[A-Za-z0-9.-]` as `_`
 * plus two hex digits per UTF-8 byte. `_` then never appears without two hex digits after it, so
 * `__` safely separates the parts of a compound id and the encoding can be reversed exactly.
 */

const KEEP = /[A-Za-z0-9.-]/;
const ALL_KEPT = /^[A-Za-z0-9.-]*$/;
const encoder = new TextEncoder();

/**
 * Encodes one id part.
 * @example encodeIdPart('autauga/p-1') // 'autauga_2fp-1'
 */
export function encodeIdPart(id: string): string {
  if (ALL_KEPT.test(id)) return id;
  let out = '';
  for (const char of id) {
    if (KEEP.test(char)) {
      out += char;
      continue;
    }
    for (const byte of encoder.encode(char)) out += `_${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * Decodes one id part written by {@link encodeIdPart}; null when it is not such a part.
 * @example decodeIdPart('autauga_2fp-1') // 'autauga/p-1'
 */
export function decodeIdPart(part: string): string | null {
  if (!/^(?:[A-Za-z0-9.-]|_[0-9a-f]{2})*$/.test(part)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < part.length;) {
    if (part[i] === '_') {
      bytes.push(Number.parseInt(part.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(part.charCodeAt(i));
      i += 1;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** Builds a NIST object id from a kind prefix and Canvass id parts. */
export function nistId(kind: NistIdKind, ...parts: readonly string[]): string {
  return [kind, ...parts.map(encodeIdPart)].join('__');
}

/** The kinds of object Canvass writes ids for. */
export type NistIdKind = 'ru' | 'contest' | 'cand' | 'sel' | 'party' | 'office';

/**
 * The Canvass id parts of a NIST id of the given kind, or null when the id was not written that
 * way (a report from another system: the caller then uses the id as it is).
 * @example canvassIdParts('sel__mayor__ada', 'sel') // ['mayor', 'ada']
 */
export function canvassIdParts(id: string, kind: NistIdKind): string[] | null {
  const parts = id.split('__');
  if (parts[0] !== kind || parts.length < 2) return null;
  const decoded = parts.slice(1).map(decodeIdPart);
  return decoded.every((part): part is string => part !== null && part !== '') ? decoded : null;
}
