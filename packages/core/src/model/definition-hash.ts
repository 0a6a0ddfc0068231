import { sha256Hex, type Sha256Hex } from '../hash/sha256.ts';
import type { ElectionDefinition } from './election.ts';

/**
 * JSON with object keys sorted at every level, so equal values always give equal text.
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeCanonical(value, parts);
  return parts.join('');
}

// Appends to one array of parts instead of building nested strings: definitions of national
// elections have hundreds of thousands of objects.
function writeCanonical(value: unknown, parts: string[]): void {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new Error(`cannot encode ${typeof value} as canonical JSON`);
    parts.push(text);
    return;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      writeCanonical(value[i], parts);
    }
    parts.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  parts.push('{');
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(JSON.stringify(key), ':');
    writeCanonical(item, parts);
  }
  parts.push('}');
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
