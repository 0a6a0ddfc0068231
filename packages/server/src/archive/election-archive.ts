import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createHash } from 'node:crypto';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Store } from '../store/store.ts';

/** The first line of an archive. */
export interface ArchiveHeader {
  readonly format: typeof ARCHIVE_FORMAT | typeof ARCHIVE_FORMAT_1;
  readonly electionId: string;
  /** The key the ledger's signatures verify with (compare it with the one the server publishes). */
  readonly publicKeyPem: string;
  readonly createdAt: string;
}

/** The archive format this code writes; it also reads {@link ARCHIVE_FORMAT_1}. */
export const ARCHIVE_FORMAT = 'canvass.election-archive/2';
/** The first format: results, ledger and held updates only. */
export const ARCHIVE_FORMAT_1 = 'canvass.election-archive/1';

/** How a table's rows of one election are found, ordered and restored. */
interface TableSpec {
  readonly table: string;
  /** The column naming the election, or the parent table and column the rows hang from. */
  readonly of:
    | { readonly column: string }
    | { readonly column: string; readonly parent: string; readonly parentKey: string };
  readonly orderBy: readonly string[];
  /** An integer id a sequence hands out (moved past the restored ids on PostgreSQL). */
  readonly serial: boolean;
  /** Partner delivery bookkeeping: in a backup, not in the public archive. */
  readonly backupOnly: boolean;
}

const byElection = { column: 'election_id' } as const;
const byAudit = { column: 'audit_id', parent: 'audits', parentKey: 'id' } as const;
const spec = (
  table: string,
  of: TableSpec['of'],
  orderBy: readonly string[],
  options: { serial?: boolean; backupOnly?: boolean } = {},
): TableSpec => ({
  table,
  of,
  orderBy,
  serial: options.serial ?? false,
  backupOnly: options.backupOnly ?? false,
});

/**
 * Every table holding an election's state, after the election, its definitions and its
 * submissions (with their sources, counts and facts, written per submission), in the order they
 * are written and restored. Tables not here hold no election's state: accounts (`users`,
 * `tokens`, `sessions`), partners' webhook endpoints (with their secrets) and the dispatcher's
 * global state. A test lists the database's tables to keep this complete.
 */
const EXTRA_TABLES: readonly TableSpec[] = [
  spec('ledger', byElection, ['sequence']),
  spec('held_submissions', byElection, ['id'], { serial: true }),
  spec('recounts', byElection, ['id'], { serial: true }),
  spec('recount_counts', { column: 'recount_id', parent: 'recounts', parentKey: 'id' }, [
    'recount_id',
    'unit_id',
    'choice_id',
  ]),
  spec('audits', byElection, ['id']),
  spec('audit_manifest_batches', byAudit, ['audit_id', 'line']),
  spec('audit_draws', byAudit, ['audit_id', 'seq']),
  spec('audit_entries', byAudit, ['id'], { serial: true }),
  spec('audit_cvrs', byAudit, ['audit_id', 'ballot_key']),
  spec('audit_hand_counts', byAudit, ['audit_id', 'contest_id']),
  spec('audit_batch_tallies', byAudit, ['audit_id', 'seq']),
  spec('audit_batch_entries', byAudit, ['id'], { serial: true }),
  spec('webhook_events', byElection, ['id'], { serial: true }),
  spec(
    'webhook_deliveries',
    { column: 'event_id', parent: 'webhook_events', parentKey: 'id' },
    ['id'],
    { serial: true, backupOnly: true },
  ),
  spec(
    'webhook_attempts',
    { column: 'delivery_id', parent: 'webhook_deliveries', parentKey: 'id' },
    ['id'],
    { serial: true, backupOnly: true },
  ),
  spec('webhook_cursors', byElection, ['election_id'], { backupOnly: true }),
];

/** Tables of one election, in the order they are written and restored. */
export const ARCHIVED_TABLES: readonly string[] = [
  'elections',
  'definitions',
  'submissions',
  'sources',
  'counts',
  'facts',
  ...EXTRA_TABLES.map((table) => table.table),
];
type ArchivedTable = string;

/** What an archive held, table by table. */
export interface ArchiveCounts {
  [table: string]: number;
  submissions: number;
  ledger: number;
}

/** A line naming a webhook endpoint the backup's deliveries go to (its URL hashed, no secret). */
const ENDPOINT_LINE = 'webhook_endpoint';

/** Which tables an archive holds. */
export interface ArchiveOptions {
  /**
   * `backup` (the default): everything, partner deliveries and their attempts included.
   * `public`: what anyone may download; partners' delivery bookkeeping (endpoint ids, their
   * errors) stays out.
   */
  readonly scope?: 'backup' | 'public';
}

/** Rows of any table, for the generic copy. */
type AnyDatabase = Record<string, Record<string, unknown>>;

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
  options: ArchiveOptions = {},
): Promise<ArchiveCounts> {
  const db = store.database;
  const scope = options.scope ?? 'backup';
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
  const counts = Object.fromEntries(ARCHIVED_TABLES.map((table) => [table, 0])) as ArchiveCounts;
  const row = async (table: ArchivedTable, values: unknown): Promise<void> => {
    counts[table] = (counts[table] ?? 0) + 1;
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
  const anyDb = db as unknown as Kysely<AnyDatabase>;
  for (const table of EXTRA_TABLES) {
    if (table.backupOnly && scope === 'public') continue;
    for (const each of await rowsOf(anyDb, table, electionId).execute())
      await row(table.table, each);
  }
  if (scope === 'backup') {
    // The endpoints the deliveries go to, by id and a hash of their URL (never the secret):
    // a restore keeps those deliveries only where the same endpoint exists.
    const endpoints = await anyDb
      .selectFrom('webhook_endpoints')
      .select(['id', 'url'])
      .where('id', 'in', subquery(anyDb, 'webhook_deliveries', 'endpoint_id', electionId))
      .orderBy('id')
      .execute();
    for (const endpoint of endpoints)
      await write({
        [ENDPOINT_LINE]: { id: Number(endpoint['id']), urlSha256: sha256(String(endpoint['url'])) },
      });
  }
  gzip.end();
  await done;
  return counts;
}

/** Why an archive could not be restored; nothing was written. */
export class ArchiveError extends Error {}

/** What a restore wrote, and what it left out. */
export interface RestoreResult {
  readonly header: ArchiveHeader;
  readonly counts: ArchiveCounts;
  /**
   * Partner deliveries (and their attempts) not restored because the endpoint they went to is
   * not in this database (or another endpoint has its id): they must not reach someone else.
   */
  readonly skipped: { readonly webhook_deliveries: number; readonly webhook_attempts: number };
}

/**
 * Restores an archive into a store that does not hold the election, in one transaction, keeping
 * every id, so the restored ledger, totals, recounts, audits, held updates and partner
 * deliveries are identical to the archived ones.
 * @example const { header } = await restoreElectionArchive(store, createReadStream('al.canvass.gz'));
 */
export async function restoreElectionArchive(
  store: Store,
  input: Readable,
): Promise<RestoreResult> {
  const lines = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity });
  let header: ArchiveHeader | null = null;
  const rows: { table: ArchivedTable; row: Record<string, unknown> }[] = [];
  const endpoints = new Map<number, string>();
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
      const entry = parsed as { table?: unknown; row?: unknown; [ENDPOINT_LINE]?: unknown };
      const endpoint = entry[ENDPOINT_LINE] as { id?: unknown; urlSha256?: unknown } | undefined;
      if (endpoint !== undefined) {
        if (typeof endpoint.id !== 'number' || typeof endpoint.urlSha256 !== 'string')
          throw new ArchiveError(`line ${lineNumber}: not a webhook endpoint reference`);
        endpoints.set(endpoint.id, endpoint.urlSha256);
        continue;
      }
      if (
        typeof entry.table !== 'string' ||
        !ARCHIVED_TABLES.includes(entry.table) ||
        typeof entry.row !== 'object' ||
        entry.row === null
      )
        throw new ArchiveError(`line ${lineNumber}: not a row of an archived table`);
      rows.push({ table: entry.table, row: entry.row as Record<string, unknown> });
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
  const counts = Object.fromEntries(ARCHIVED_TABLES.map((table) => [table, 0])) as ArchiveCounts;
  const skipped = { webhook_deliveries: 0, webhook_attempts: 0 };
  await store.database.transaction().execute(async (trx) => {
    const anyTrx = trx as unknown as Kysely<AnyDatabase>;
    // Rows keep their ids; refuse rather than collide with another election's rows.
    for (const table of ID_TABLES) {
      const ids = rows.flatMap((entry) => (entry.table === table ? [entry.row['id']] : []));
      for (let start = 0; start < ids.length; start += 500) {
        const clash = await anyTrx
          .selectFrom(table)
          .select('id')
          .where('id', 'in', ids.slice(start, start + 500))
          .executeTakeFirst();
        if (clash !== undefined)
          throw new ArchiveError(
            `${table} id ${String(clash['id'])} is already used in this database; restore into another one`,
          );
      }
    }
    // A delivery goes back only where the very endpoint it went to is (same id, same URL).
    const present = new Set<number>();
    for (const [id, urlSha256] of endpoints) {
      const found = await anyTrx
        .selectFrom('webhook_endpoints')
        .select('url')
        .where('id', '=', id)
        .executeTakeFirst();
      if (found !== undefined && sha256(String(found['url'])) === urlSha256) present.add(id);
    }
    const droppedDeliveries = new Set<unknown>();
    for (const entry of rows) {
      if (entry.row['election_id'] !== undefined && entry.row['election_id'] !== electionId)
        throw new ArchiveError(`a ${entry.table} row belongs to another election`);
      if (entry.table === 'elections' && entry.row['id'] !== electionId)
        throw new ArchiveError('the election row does not match the header');
      if (entry.table === 'webhook_deliveries' && !present.has(Number(entry.row['endpoint_id']))) {
        droppedDeliveries.add(entry.row['id']);
        skipped.webhook_deliveries++;
        continue;
      }
      if (entry.table === 'webhook_attempts' && droppedDeliveries.has(entry.row['delivery_id'])) {
        skipped.webhook_attempts++;
        continue;
      }
      // Rows go back exactly as they were read; the table names come from the fixed list above.
      await anyTrx.insertInto(entry.table).values(entry.row).execute();
      counts[entry.table] = (counts[entry.table] ?? 0) + 1;
    }
    if (store.dialect === 'postgres') {
      // Explicit ids do not advance a serial column's sequence.
      for (const table of SERIAL_TABLES)
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select max(id) from ${sql.table(table)}), 1))`.execute(
          trx,
        );
    }
  });
  return { header, counts, skipped };
}

/** Tables whose rows have an `id` unique across elections. */
const ID_TABLES = [
  'submissions',
  'audits',
  ...EXTRA_TABLES.filter((t) => t.serial).map((t) => t.table),
];
/** Tables whose `id` comes from a sequence. */
const SERIAL_TABLES = ['submissions', ...EXTRA_TABLES.filter((t) => t.serial).map((t) => t.table)];

/** A query of one column of some table. */
type IdQuery = SelectQueryBuilder<AnyDatabase, string, Record<string, unknown>>;

/** The rows of one table that belong to an election, in archive order. */
function rowsOf(db: Kysely<AnyDatabase>, table: TableSpec, electionId: string) {
  let query = db.selectFrom(table.table).selectAll();
  query =
    'parent' in table.of
      ? query.where(
          table.of.column,
          'in',
          subquery(db, table.of.parent, table.of.parentKey, electionId),
        )
      : query.where(table.of.column, '=', electionId);
  for (const column of table.orderBy) query = query.orderBy(column);
  return query;
}

/** `column` of the rows of `table` that belong to an election (for an `in` condition). */
function subquery(
  db: Kysely<AnyDatabase>,
  table: string,
  column: string,
  electionId: string,
): IdQuery {
  const parent = EXTRA_TABLES.find((each) => each.table === table);
  if (parent === undefined) throw new Error(`${table} is not an archived table`);
  const query = db.selectFrom(table).select(column) as unknown as IdQuery;
  return 'parent' in parent.of
    ? query.where(
        parent.of.column,
        'in',
        subquery(db, parent.of.parent, parent.of.parentKey, electionId),
      )
    : query.where(parent.of.column, '=', electionId);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function parseHeader(value: unknown): ArchiveHeader {
  const header = value as Partial<ArchiveHeader> | null;
  if (
    (header?.format !== ARCHIVE_FORMAT && header?.format !== ARCHIVE_FORMAT_1) ||
    typeof header.electionId !== 'string' ||
    typeof header.publicKeyPem !== 'string' ||
    typeof header.createdAt !== 'string'
  )
    throw new ArchiveError(`not a ${ARCHIVE_FORMAT} archive (nor /1)`);
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
