/** A small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings that have broken parsers, databases and spreadsheets before. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE counts; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x","y")',
  '${jndi:ldap://x/a}',
  '../../../../etc/passwd',
  '\u0000',
  '\u202e\u0301',
  '"unbalanced',
  '\r\n\r\n',
  '__proto__',
  'constructor',
] as const;

/** Vote cells that must never become counts. */
export const BAD_VOTES = [
  '-1',
  '-0.5',
  '1.5',
  '0.0001',
  'NaN',
  'Infinity',
  '1e309',
  '12abc',
  'abc',
  '0x10',
  '99999999999999999999999',
  ' ',
  '١٢',
] as const;

/** A mutation of a text file's bytes, named for the failure report. */
export interface Mutation {
  readonly name: string;
  readonly bytes: Buffer;
}

/**
 * Mutates an OpenElections CSV: truncation, invalid UTF-8, a huge field, hostile strings, bad
 * vote cells, a duplicated row, an unknown precinct, a broken header, or several at once.
 */
export function mutateCsv(source: string, random: () => number): Mutation {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const lines = source.split('\n');
  const row = 1 + Math.floor(random() * Math.max(1, lines.length - 2));
  const cells = (lines[row] ?? '').split(',');
  const setCell = (index: number, value: string): string => {
    const copy = [...lines];
    const edited = [...cells];
    edited[index] = value;
    copy[row] = edited.join(',');
    return copy.join('\n');
  };
  const kinds = [
    'truncate',
    'invalid-utf8',
    'huge-field',
    'hostile-string',
    'bad-votes',
    'duplicate-row',
    'unknown-precinct',
    'header',
    'delete-cells',
    'random-bytes',
  ] as const;
  const kind = pick(kinds);
  switch (kind) {
    case 'truncate': {
      const bytes = Buffer.from(source);
      return { name: kind, bytes: bytes.subarray(0, Math.floor(random() * bytes.length)) };
    }
    case 'invalid-utf8': {
      const bytes = Buffer.from(source);
      const at = Math.floor(random() * bytes.length);
      const junk = Buffer.from(
        pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88]]),
      );
      return {
        name: kind,
        bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]),
      };
    }
    case 'huge-field':
      return {
        name: kind,
        bytes: Buffer.from(
          setCell(Math.floor(random() * 7), 'X'.repeat(1 << (10 + Math.floor(random() * 9)))),
        ),
      };
    case 'hostile-string':
      return {
        name: kind,
        bytes: Buffer.from(setCell(Math.floor(random() * 7), pick(HOSTILE_STRINGS))),
      };
    case 'bad-votes':
      return { name: kind, bytes: Buffer.from(setCell(6, pick(BAD_VOTES))) };
    case 'duplicate-row': {
      const copy = [...lines];
      copy.splice(row, 0, lines[row] ?? '');
      return { name: kind, bytes: Buffer.from(copy.join('\n')) };
    }
    case 'unknown-precinct':
      return {
        name: kind,
        bytes: Buffer.from(setCell(1, `Nowhere ${Math.floor(random() * 1e6)}`)),
      };
    case 'header': {
      const copy = [...lines];
      const header = (lines[0] ?? '').split(',');
      header.splice(Math.floor(random() * header.length), 1);
      copy[0] = header.join(',');
      return { name: kind, bytes: Buffer.from(copy.join('\n')) };
    }
    case 'delete-cells':
      return {
        name: kind,
        bytes: Buffer.from(setCell(Math.floor(random() * 7), '').replace(/,,,,/, ',')),
      };
    case 'random-bytes': {
      const bytes = Buffer.from(source);
      for (let i = 0; i < 1 + Math.floor(random() * 8); i++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      return { name: kind, bytes };
    }
  }
}

/**
 * Mutates a JSON submission body: broken JSON, wrong types, unknown and duplicated keys, huge
 * strings, hostile strings, bad votes, unknown precincts, or an empty row list.
 */
export function mutateJson(
  rows: readonly Record<string, unknown>[],
  random: () => number,
): Mutation {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const copy = rows.map((row) => ({ ...row }));
  const target = copy[Math.floor(random() * copy.length)] ?? {};
  const field = pick(['county', 'precinct', 'office', 'district', 'party', 'candidate', 'votes']);
  const kind = pick([
    'broken-json',
    'wrong-type',
    'unknown-key',
    'duplicate-key',
    'huge-string',
    'hostile-string',
    'bad-votes',
    'unknown-precinct',
    'empty',
    'not-an-object',
  ] as const);
  let text: string;
  switch (kind) {
    case 'broken-json':
      text = JSON.stringify({ rows: copy }).slice(0, Math.floor(random() * 200));
      break;
    case 'wrong-type':
      target[field] = pick([null, true, [], {}, 12.5, -3]);
      text = JSON.stringify({ rows: copy });
      break;
    case 'unknown-key':
      target[pick(['__proto__x', 'extra', 'Votes'])] = 1;
      text = JSON.stringify({ rows: copy });
      break;
    case 'duplicate-key':
      // JSON.parse keeps the last of duplicated keys; the body must still be judged as a whole.
      text = JSON.stringify({ rows: copy }).replace(
        '"votes":',
        `"votes":${pick(BAD_VOTES.map((v) => JSON.stringify(v)))},"votes":`,
      );
      break;
    case 'huge-string':
      target[field] = 'Y'.repeat(1 << (8 + Math.floor(random() * 13)));
      text = JSON.stringify({ rows: copy });
      break;
    case 'hostile-string':
      target[field] = pick(HOSTILE_STRINGS);
      text = JSON.stringify({ rows: copy });
      break;
    case 'bad-votes':
      target['votes'] = pick([...BAD_VOTES, -1, 1.5, Number.MAX_SAFE_INTEGER * 4]);
      text = JSON.stringify({ rows: copy });
      break;
    case 'unknown-precinct':
      target['precinct'] = `Nowhere ${Math.floor(random() * 1e6)}`;
      text = JSON.stringify({ rows: copy });
      break;
    case 'empty':
      text = JSON.stringify({ rows: [] });
      break;
    case 'not-an-object':
      text = pick(['[]', 'null', '"rows"', '12', '{"rows":{}}']);
      break;
  }
  return { name: `json-${kind}`, bytes: Buffer.from(text) };
}
