// The vector files' JSON dialect: integers beyond 2^53 must keep their digits (cryptorandom's
// seed), and non-finite floats are written as the strings "Infinity", "-Infinity" and "NaN".

/**
 * Parses a vector file, quoting integer literals of 17 or more digits first so that their exact
 * digits reach the runner (JSON.parse would round them to the nearest double).
 * @example parseVectorFile('{"seed": 12345678901234567890}') // { seed: '12345678901234567890' }
 */
export function parseVectorFile(text: string): unknown {
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{17,})(?=\s*[,\]}])/g, '$1"$2"'));
}

/**
 * Serialises runner outputs in the vectors' encoding: non-finite numbers become the strings
 * "Infinity", "-Infinity" or "NaN" (JSON.stringify would write null and lose them), and big
 * integers become decimal strings.
 * @example stringifyVectorOutputs({ u: Infinity }) // '{\n  "u": "Infinity"\n}\n'
 */
export function stringifyVectorOutputs(outputs: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify(outputs, encodeValue, 2)}\n`;
}

function encodeValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) {
    if (Number.isNaN(value)) return 'NaN';
    return value > 0 ? 'Infinity' : '-Infinity';
  }
  return value;
}
