import { sha256Hex, type Sha256Hex } from '../hash/sha256.ts';
import type { ElectionDefinition } from './election.ts';

/**
 * JSON with object keys sorted at every level, so equal values always give equal text.
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new Error(`cannot encode ${typeof value} as canonical JSON`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The stable content hash of an election definition: SHA-256 of its canonical JSON.
 * Every stored result names the hash of the definition it was validated against.
 */
export function definitionHash(
  definition: ElectionDefinition,
  sha256: Sha256Hex = sha256Hex,
): string {
  return sha256(canonicalJson(definition));
}
