// Arlo hashes Python's str() of the ballot id tuple, so Arlo parity needs Python's repr rules:
// single quotes unless the text has ' and no ", backslash escapes, \xhh / \uhhhh / \Uhhhhhhhh for
// non-printable characters, and every other character (non-ASCII included) as-is.

/** A value whose Python `str()` Arlo hashes: str, int, None, or a tuple of them. */
export type PythonValue = string | number | null | readonly PythonValue[];

// Python's str.isprintable(): false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs except ' '.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/**
 * Python's `repr()` of a str.
 * @example pythonStrRepr("O'Brien") // `"O'Brien"`
 */
export function pythonStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0) ?? 0);
    else out += ch;
  }
  return out + quote;
}

function escapeCodePoint(code: number): string {
  if (code < 0x100) return '\\x' + code.toString(16).padStart(2, '0');
  if (code < 0x10000) return '\\u' + code.toString(16).padStart(4, '0');
  return '\\U' + code.toString(16).padStart(8, '0');
}

/**
 * Python's `str()` of a value as Arlo builds it: strings bare at the top level, repr'd inside
 * tuples.
 * @example pythonStr([['J1', null, 'Batch 1'], 3]) // "(('J1', None, 'Batch 1'), 3)"
 */
export function pythonStr(value: PythonValue): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** Python's `repr()` of a str, int, None or tuple. */
export function pythonRepr(value: PythonValue): string {
  if (value === null) return 'None';
  if (typeof value === 'string') return pythonStrRepr(value);
  if (typeof value === 'number') return String(value);
  if (value.length === 1) return `(${pythonRepr(value[0] as PythonValue)},)`;
  return `(${value.map(pythonRepr).join(', ')})`;
}
