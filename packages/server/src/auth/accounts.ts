import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../store/schema.ts';
import { hashSecret, verifySecret } from './secret-hash.ts';
import { isRole, type Principal, type Role } from './roles.ts';

/** A user as listed (never with a secret). */
export interface UserRecord {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly counties: readonly string[];
  readonly hasPassword: boolean;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** A token as listed (never with its secret). */
export interface TokenRecord {
  readonly id: string;
  readonly user: string;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

const SESSION_HOURS = 12;
// A verified token is remembered briefly so a busy partner does not pay scrypt per request; a
// revocation reaches this node's cache at once and other nodes within this time.
const TOKEN_CACHE_MS = 60_000;

/**
 * Accounts, API tokens and web sessions. Secrets are shown once and stored only as scrypt hashes
 * (session cookies as SHA-256, since they are random and short-lived).
 */
export class Accounts {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #tokenCache = new Map<string, { principal: Principal; until: number }>();

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  /** Adds a user; `password` enables web sign-in. */
  async addUser(input: {
    name: string;
    role: Role;
    counties?: readonly string[];
    password?: string | null;
  }): Promise<UserRecord> {
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(input.name))
      throw new AccountError('a user name is 1-64 letters, digits, dots, dashes, underscores or @');
    if (input.role === 'county-official' && (input.counties ?? []).length === 0)
      throw new AccountError('a county official needs at least one county');
    if (input.role === 'public') throw new AccountError('the public role needs no account');
    const existing = await this.#db
      .selectFrom('users')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (existing !== undefined) throw new AccountError(`user ${input.name} already exists`);
    const row = {
      name: input.name,
      role: input.role,
      counties: JSON.stringify((input.counties ?? []).map((county) => county.trim().toLowerCase())),
      password_hash: input.password == null ? null : await hashSecret(input.password),
      created_at: new Date().toISOString(),
      revoked_at: null,
    };
    await this.#db.insertInto('users').values(row).execute();
    const user = await this.#user(input.name);
    if (user === null) throw new Error('user vanished');
    return user;
  }

  /** Every user. */
  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.#db.selectFrom('users').selectAll().orderBy('id').execute();
    return rows.map(toUser);
  }

  /** Revokes a user and all their tokens and sessions. */
  async revokeUser(name: string): Promise<boolean> {
    const user = await this.#user(name);
    if (user === null || user.revokedAt !== null) return false;
    const now = new Date().toISOString();
    await this.#db
      .updateTable('users')
      .set({ revoked_at: now })
      .where('id', '=', user.id)
      .execute();
    await this.#db
      .updateTable('tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute();
    await this.#db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    this.#tokenCache.clear();
    return true;
  }

  /** Creates an API token for a user. The returned secret is shown once and never stored. */
  async createToken(
    userName: string,
    tokenName: string,
  ): Promise<{ token: string; record: TokenRecord }> {
    const user = await this.#user(userName);
    if (user === null || user.revokedAt !== null)
      throw new AccountError(`no active user ${userName}`);
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    const createdAt = new Date().toISOString();
    await this.#db
      .insertInto('tokens')
      .values({
        id,
        user_id: user.id,
        name: tokenName,
        secret_hash: await hashSecret(secret),
        created_at: createdAt,
        revoked_at: null,
      })
      .execute();
    return {
      token: `cvs_${id}_${secret}`,
      record: { id, user: user.name, name: tokenName, createdAt, revokedAt: null },
    };
  }

  /** Every token (without secrets). */
  async listTokens(): Promise<TokenRecord[]> {
    const rows = await this.#db
      .selectFrom('tokens')
      .innerJoin('users', 'users.id', 'tokens.user_id')
      .select([
        'tokens.id',
        'tokens.name',
        'tokens.created_at',
        'tokens.revoked_at',
        'users.name as user',
      ])
      .orderBy('tokens.created_at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      user: row.user,
      name: row.name,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    }));
  }

  /** Revokes one token by id. */
  async revokeToken(id: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    this.#tokenCache.clear();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The principal a bearer token stands for, or null. */
  async authenticateToken(token: string): Promise<Principal | null> {
    const cacheKey = createHash('sha256').update(token).digest('hex');
    const cached = this.#tokenCache.get(cacheKey);
    if (cached !== undefined && cached.until > Date.now()) return cached.principal;
    const match = /^cvs_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(token);
    if (match === null) return null;
    const row = await this.#db
      .selectFrom('tokens')
      .innerJoin('users', 'users.id', 'tokens.user_id')
      .select([
        'tokens.secret_hash',
        'tokens.revoked_at as token_revoked',
        'users.id',
        'users.name',
        'users.role',
        'users.counties',
        'users.revoked_at as user_revoked',
      ])
      .where('tokens.id', '=', match[1] ?? '')
      .executeTakeFirst();
    if (row === undefined || row.token_revoked !== null || row.user_revoked !== null) return null;
    if (!(await verifySecret(match[2] ?? '', row.secret_hash))) return null;
    const principal = principalOf(row, 'token');
    this.#tokenCache.set(cacheKey, { principal, until: Date.now() + TOKEN_CACHE_MS });
    return principal;
  }

  /** Signs a user in with a password; returns the session cookie value and its CSRF token. */
  async signIn(
    name: string,
    password: string,
  ): Promise<{ session: string; csrf: string; principal: Principal } | null> {
    const row = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    // Hash even for unknown users so timing does not reveal which names exist.
    const stored =
      row?.password_hash ??
      'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const valid = await verifySecret(password, stored);
    if (row === undefined || row.revoked_at !== null || row.password_hash === null || !valid)
      return null;
    const session = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expires = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();
    await this.#db
      .insertInto('sessions')
      .values({ id_hash: sha256(session), user_id: row.id, csrf, expires_at: expires })
      .execute();
    return { session, csrf, principal: principalOf(row, 'session') };
  }

  /** The principal and CSRF token of a live session, or null. */
  async session(session: string): Promise<{ principal: Principal; csrf: string } | null> {
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.csrf',
        'sessions.expires_at',
        'users.id',
        'users.name',
        'users.role',
        'users.counties',
        'users.revoked_at',
      ])
      .where('sessions.id_hash', '=', sha256(session))
      .executeTakeFirst();
    if (row === undefined || row.revoked_at !== null || row.expires_at < new Date().toISOString())
      return null;
    return { principal: principalOf(row, 'session'), csrf: row.csrf };
  }

  /** Ends a session. */
  async signOut(session: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id_hash', '=', sha256(session)).execute();
  }

  async #user(name: string): Promise<UserRecord | null> {
    const row = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }
}

/** A request to change accounts that cannot be carried out (a duplicate name, a missing county). */
export class AccountError extends Error {}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function toUser(row: {
  id: number;
  name: string;
  role: string;
  counties: string;
  password_hash: string | null;
  created_at: string;
  revoked_at: string | null;
}): UserRecord {
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : 'public',
    counties: JSON.parse(row.counties) as string[],
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

function principalOf(
  row: { id: number; name: string; role: string; counties: string },
  via: Principal['via'],
): Principal {
  return {
    userId: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : 'public',
    counties: JSON.parse(row.counties) as string[],
    via,
  };
}
