import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeCanonicalJson, type ElectionDefinition } from '@canvass/core';

/** A definition's hash (SHA-256 of its canonical JSON) and that JSON, gzip-compressed. */
export interface DefinitionBody {
  readonly hash: string;
  readonly gzip: Uint8Array;
}

// A national definition is about 200 MB of canonical JSON. Holding it as one string, then as the
// driver's UTF-8 copy, was most of an import's peak memory; hashed and compressed a megabyte at a
// time it never exists whole. Level 1: the text is repetitive ids, which compress about 20 times
// even so; level 6 saved a quarter of the bytes but took three times as long, at the end of an
// import, when nothing else can run.
const MEMBER_CHARS = 1 << 20;
const LEVEL = 1;

/**
 * Serialises a definition canonically, hashing and compressing the text as it is written. The
 * result is a series of gzip members, which together are one gzip file of the canonical JSON.
 * @example const { hash, gzip } = compressDefinition(definition);
 */
export function compressDefinition(definition: ElectionDefinition): DefinitionBody {
  const hash = createHash('sha256');
  const members: Buffer[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = (): void => {
    if (pendingChars === 0) return;
    members.push(gzipSync(pending.join(''), { level: LEVEL }));
    pending = [];
    pendingChars = 0;
  };
  writeCanonicalJson(definition, (chunk) => {
    hash.update(chunk);
    pending.push(chunk);
    pendingChars += chunk.length;
    if (pendingChars >= MEMBER_CHARS) flush();
  });
  flush();
  return { hash: hash.digest('hex'), gzip: Buffer.concat(members) };
}

/** A stored definition row back to its canonical JSON (rows written before compression hold text). */
export function definitionText(row: {
  readonly body: string | null;
  readonly body_gzip: Uint8Array | null;
}): string {
  if (row.body_gzip !== null) return gunzipSync(row.body_gzip).toString('utf8');
  if (row.body !== null) return row.body;
  throw new Error('a stored definition has neither text nor compressed text');
}
