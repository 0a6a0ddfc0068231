import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../store/schema.ts';
import { isPartnerEventType, PARTNER_EVENT_TYPES, type PartnerEventType } from './event-types.ts';
import { webhookDatabase, type WebhookDatabase } from './schema.ts';

/** An endpoint as listed (never with its secret). */
export interface EndpointRecord {
  readonly id: number;
  readonly user: string;
  readonly url: string;
  readonly events: readonly PartnerEventType[] | readonly ['*'];
  readonly description: string;
  readonly createdAt: string;
}

/** A request to change endpoints that cannot be carried out. */
export class WebhookError extends Error {}

/**
 * Partners' webhook endpoints. The signing secret is returned once, when the endpoint is added.
 */
export class WebhookEndpoints {
  readonly #db: WebhookDatabase;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = webhookDatabase(db);
  }

  /** Registers an endpoint for an active partner (or state administrator) account. */
  async add(input: {
    readonly user: string;
    readonly url: string;
    readonly events?: readonly string[];
    readonly description?: string;
  }): Promise<{ endpoint: EndpointRecord; secret: string }> {
    const url = checkUrl(input.url);
    const events = checkEvents(input.events ?? ['*']);
    const user = await this.#db
      .selectFrom('users')
      .select(['id', 'role', 'revoked_at'])
      .where('name', '=', input.user)
      .executeTakeFirst();
    if (user === undefined || user.revoked_at !== null)
      throw new WebhookError(`no active user ${input.user}`);
    if (user.role !== 'partner' && user.role !== 'state-admin')
      throw new WebhookError(`user ${input.user} is ${user.role}; webhooks are for partners`);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const createdAt = new Date().toISOString();
    const row = await this.#db
      .insertInto('webhook_endpoints')
      .values({
        user_id: user.id,
        url,
        secret,
        events: JSON.stringify(events),
        description: input.description ?? '',
        created_at: createdAt,
        removed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      endpoint: {
        id: row.id,
        user: input.user,
        url,
        events,
        description: input.description ?? '',
        createdAt,
      },
      secret,
    };
  }

  /** Active endpoints, of one user or of everyone. */
  async list(user?: string): Promise<EndpointRecord[]> {
    let query = this.#db
      .selectFrom('webhook_endpoints')
      .innerJoin('users', 'users.id', 'webhook_endpoints.user_id')
      .select([
        'webhook_endpoints.id',
        'webhook_endpoints.url',
        'webhook_endpoints.events',
        'webhook_endpoints.description',
        'webhook_endpoints.created_at',
        'users.name as user',
      ])
      .where('webhook_endpoints.removed_at', 'is', null)
      .orderBy('webhook_endpoints.id');
    if (user !== undefined) query = query.where('users.name', '=', user);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      user: row.user,
      url: row.url,
      events: JSON.parse(row.events) as EndpointRecord['events'],
      description: row.description,
      createdAt: row.created_at,
    }));
  }

  /** One active endpoint, or null. */
  async get(id: number): Promise<EndpointRecord | null> {
    return (await this.list()).find((endpoint) => endpoint.id === id) ?? null;
  }

  /**
   * Removes an endpoint (of `user`, when given): nothing more is sent to it and what it was owed
   * is cancelled. Its delivery log is kept.
   */
  async remove(id: number, user?: string): Promise<boolean> {
    const endpoint = await this.get(id);
    if (endpoint === null || (user !== undefined && endpoint.user !== user)) return false;
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('webhook_endpoints')
        .set({ removed_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'cancelled' })
        .where('endpoint_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
    });
    return true;
  }
}

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookError(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookError(`a webhook URL must be http or https, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '')
    throw new WebhookError('a webhook URL must not carry credentials; deliveries are signed');
  return url.toString();
}

function checkEvents(events: readonly string[]): EndpointRecord['events'] {
  if (events.length === 0 || events.includes('*')) return ['*'];
  const unknown = events.filter((event) => !isPartnerEventType(event));
  if (unknown.length > 0)
    throw new WebhookError(
      `unknown event type ${unknown.join(', ')} (known: ${PARTNER_EVENT_TYPES.join(', ')}, or *)`,
    );
  return [...new Set(events)].filter(isPartnerEventType);
}
