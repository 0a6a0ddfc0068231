import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { sql } from 'kysely';
import type { DatabaseSchema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

/** The first line of an archive. */
export interface ArchiveHeader {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly electionId: string;
  /** The key the ledger's signatures verify with (compare it with the one the server publishes). */
  readonly publicKeyPem: string;
  readonly createdAt: string;
}

/** The archive format this code writes and reads. */
export const ARCHIVE_FORMAT = 'canvass.election-archive/1';

/** Tables of one election, in the order they are written and restored. */
const TABLES = [
  'elections',
  'definitions',
  'submissions',
  'sources',
  'counts',
  'facts',
  'ledger',
  'held_submissions',
] as const satisfies readonly (keyof DatabaseSchema)[];
type ArchivedTable = (typeof TABLES)[number];

/** What an archive held, table by table. */
export type ArchiveCounts = Record<ArchivedTable, number>;

/**
 * Writes one election, exactly as stored (every row of its definitions, submissions, kept source
 * bytes, counts, facts, ledger and held updates), as gzip-compressed JSON lines. Restoring it
 * gives the same totals and a byte-identical ledger; an observer can restore it into an empty
 * database anywhere and run `canvass verify` against the server's published key.
 * @example await writeElectionArchive(store, '2017-12-12-al-special-general', createWriteStream('al.canvass.gz'));
 */
export async function writeElectionArchive(
  store: Store,
  electionId: string,
  out: Writable,
): Promise<ArchiveCounts> {
  const db = store.database;
  const election = await db
    .selectFrom('elections')
    .selectAll()
    .where('id', '=', electionId)
    .executeTakeFirst();
  if (election === undefined) throw new ArchiveError(`no election ${electionId}`);
  const gzip = createGzip();
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const write = async (line: unknown): Promise<void> => {
    if (!gzip.write(`${JSON.stringify(line)}\n`))
      await new Promise((resolve) => gzip.once('drain', resolve));
  };
  const counts = Object.fromEntries(TABLES.map((table) => [table, 0])) as ArchiveCounts;
  const row = async (table: ArchivedTable, values: unknown): Promise<void> => {
    counts[table]++;
    await write({ table, row: encodeBytes(values as Record<string, unknown>) });
  };
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    electionId,
    publicKeyPem: store.publicKeyPem,
    createdAt: new Date().toISOString(),
  };
  await write(header);
  await row('elections', election);
  for (const definition of await db
    .selectFrom('definitions')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('hash')
    .execute())
    await row('definitions', definition);
  const submissions = await db
    .selectFrom('submissions')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('id')
    .execute();
  for (const submission of submissions) {
    await row('submissions', submission);
    // One submission at a time, so a national election streams through in bounded memory.
    for (const table of ['sources', 'counts', 'facts'] as const) {
      const rows = await db
        .selectFrom(table)
        .selectAll()
        .where('submission_id', '=', submission.id)
        .execute();
      for (const each of rows) await row(table, each);
    }
  }
  for (const record of await db
    .selectFrom('ledger')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('sequence')
    .execute())
    await row('ledger', record);
  for (const held of await db
    .selectFrom('held_submissions')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('id')
    .execute())
    await row('held_submissions', held);
  gzip.end();
  await done;
  return counts;
}

/** Why an archive could not be restored; nothing was written. */
export class ArchiveError extends Error {}

/**
 * Restores an archive into a store that does not hold the election, in one transaction, keeping
 * every id, so the restored ledger and totals are identical to the archived ones.
 * @example const { header } = await restoreElectionArchive(store, createReadStream('al.canvass.gz'));
 */
export async function restoreElectionArchive(
  store: Store,
  input: Readable,
): Promise<{ header: ArchiveHeader; counts: ArchiveCounts }> {
  const lines = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity });
  let header: ArchiveHeader | null = null;
  const rows: { table: ArchivedTable; row: Record<string, unknown> }[] = [];
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line === '') continue;
      const parsed = JSON.parse(line, decodeBytes) as unknown;
      if (header === null) {
        header = parseHeader(parsed);
        continue;
      }
      const entry = parsed as { table?: unknown; row?: unknown };
      if (
        !TABLES.includes(entry.table as ArchivedTable) ||
        typeof entry.row !== 'object' ||
        entry.row === null
      )
        throw new ArchiveError(`line ${lineNumber}: not a row of an archived table`);
      rows.push({ table: entry.table as ArchivedTable, row: entry.row as Record<string, unknown> });
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(
      `line ${lineNumber}: the archive is damaged (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (header === null) throw new ArchiveError('the archive is empty');
  const electionId = header.electionId;
  if ((await store.getElection(electionId)) !== null)
    throw new ArchiveError(`election ${electionId} already exists in this database`);
  const ids = rows.flatMap((entry) =>
    entry.table === 'submissions' ? [Number(entry.row['id'])] : [],
  );
  const counts = Object.fromEntries(TABLES.map((table) => [table, 0])) as ArchiveCounts;
  await store.database.transaction().execute(async (trx) => {
    if (ids.length > 0) {
      const clash = await trx
        .selectFrom('submissions')
        .select('id')
        .where('id', 'in', ids)
        .executeTakeFirst();
      if (clash !== undefined)
        throw new ArchiveError(
          `submission id ${clash.id} is already used in this database; restore into another one`,
        );
    }
    for (const entry of rows) {
      if (entry.row['election_id'] !== undefined && entry.row['election_id'] !== electionId)
        throw new ArchiveError(`a ${entry.table} row belongs to another election`);
      if (entry.table === 'elections' && entry.row['id'] !== electionId)
        throw new ArchiveError('the election row does not match the header');
      // Rows go back exactly as they were read; the table names come from the fixed list above.
      await trx.insertInto(entry.table).values(entry.row).execute();
      counts[entry.table]++;
    }
    if (store.dialect === 'postgres') {
      // Explicit ids do not advance a serial column's sequence.
      for (const table of ['submissions', 'held_submissions'] as const)
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select max(id) from ${sql.table(table)}), 1))`.execute(
          trx,
        );
    }
  });
  return { header, counts };
}

function parseHeader(value: unknown): ArchiveHeader {
  const header = value as Partial<ArchiveHeader> | null;
  if (
    header?.format !== ARCHIVE_FORMAT ||
    typeof header.electionId !== 'string' ||
    typeof header.publicKeyPem !== 'string' ||
    typeof header.createdAt !== 'string'
  )
    throw new ArchiveError(`not a ${ARCHIVE_FORMAT} archive`);
  return header as ArchiveHeader;
}

/** Byte columns as `{ "$bytes": base64 }` (a Buffer's own JSON form is an array of numbers). */
function encodeBytes(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value instanceof Uint8Array ? { $bytes: Buffer.from(value).toString('base64') } : value,
    ]),
  );
}

function decodeBytes(_key: string, value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    '$bytes' in value &&
    typeof value.$bytes === 'string'
  )
    return Buffer.from(value.$bytes, 'base64');
  return value;
}
