import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DatabaseSchema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { PartnerEvent, PartnerEventType } from './event-types.ts';
import { webhookDatabase, type WebhookTables } from './schema.ts';

/** What a feature hands to {@link publishPartnerEvent}. */
export interface PartnerEventInput {
  readonly type: PartnerEventType;
  readonly electionId: string;
  /** The event's content; keep it small and JSON-serialisable (partners re-fetch details). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Publishing twice with the same key sends the event once (e.g. `race.call:<election>:<contest>:<n>`). */
  readonly dedupeKey?: string;
}

/** What publishing did. */
export interface PublishedEvent {
  /** Null when an event with the same dedupe key had already been published. */
  readonly event: PartnerEvent | null;
  /** Deliveries queued (one per subscribed endpoint). */
  readonly deliveries: number;
}

type Db = Kysely<DatabaseSchema & WebhookTables>;

// Dispatchers in this process, by the store's query builder, woken at once when an event is
// queued; other processes find it on their next poll.
const wakers = new WeakMap<object, Set<() => void>>();

/**
 * Publishes an event to every partner endpoint subscribed to its type: the event and one outbox
 * row per endpoint are written in one transaction, so once this resolves the event will be
 * delivered (with retries) even if the server stops. This is the one function race calls,
 * recount status changes and audit round results call.
 * @example await publishPartnerEvent(store, { type: 'race.call', electionId, data: { contestId, winner } });
 */
export async function publishPartnerEvent(
  store: Store | { readonly database: Kysely<DatabaseSchema> },
  input: PartnerEventInput,
): Promise<PublishedEvent> {
  if (!('database' in store))
    throw new Error('partner events need a store with a database (SQLite or PostgreSQL)');
  const db = webhookDatabase(store.database);
  const published = await db.transaction().execute((trx) => enqueueEvent(trx, input));
  wakeDispatchers(store.database);
  return published;
}

/** Queues an event inside a transaction the caller commits (then calls {@link wakeDispatchers}). */
export async function enqueueEvent(
  trx: Transaction<DatabaseSchema & WebhookTables> | Db,
  input: PartnerEventInput,
): Promise<PublishedEvent> {
  const createdAt = new Date().toISOString();
  const event: PartnerEvent = {
    id: randomUUID(),
    type: input.type,
    electionId: input.electionId,
    createdAt,
    data: input.data,
  };
  const inserted = await trx
    .insertInto('webhook_events')
    .values({
      event_id: event.id,
      dedupe_key: input.dedupeKey ?? null,
      type: event.type,
      election_id: event.electionId,
      payload: JSON.stringify(event),
      created_at: createdAt,
    })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return { event: null, deliveries: 0 };
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('removed_at', 'is', null)
    .execute();
  const subscribed = endpoints.filter((endpoint) => {
    const events = JSON.parse(endpoint.events) as string[];
    return events.includes('*') || events.includes(input.type);
  });
  if (subscribed.length > 0) {
    await trx
      .insertInto('webhook_deliveries')
      .values(
        subscribed.map((endpoint) => ({
          event_id: inserted.id,
          endpoint_id: endpoint.id,
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: createdAt,
          last_attempt_at: null,
          last_status_code: null,
          last_error: null,
          delivered_at: null,
        })),
      )
      .execute();
  }
  return { event, deliveries: subscribed.length };
}

/** Registers a dispatcher to be woken when this process queues an event; returns the unregister. */
export function onEventQueued(database: Kysely<DatabaseSchema>, wake: () => void): () => void {
  let set = wakers.get(database);
  if (set === undefined) {
    set = new Set();
    wakers.set(database, set);
  }
  set.add(wake);
  return () => set.delete(wake);
}

/** Wakes this process's dispatchers for a database. */
export function wakeDispatchers(database: Kysely<DatabaseSchema>): void {
  for (const wake of wakers.get(database) ?? []) wake();
}
