import type { Generated, Kysely } from 'kysely';
import type { DatabaseSchema } from '../store/schema.ts';

/** A partner's registered receiver. */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  user_id: number;
  url: string;
  /** The HMAC key; kept in clear because the server must sign with it. */
  secret: string;
  /** JSON array of subscribed event types (`["*"]` for all). */
  events: string;
  description: string;
  created_at: string;
  removed_at: string | null;
}

/** Every event ever published to partners, in order. */
export interface WebhookEventsTable {
  /** Ordering and the `after` cursor of the re-fetch API. */
  id: Generated<number>;
  /** The public id partners deduplicate by. */
  event_id: string;
  /** Makes publishing idempotent (e.g. one event per results version); null for none. */
  dedupe_key: string | null;
  type: string;
  election_id: string;
  /** The exact JSON body every endpoint receives. */
  payload: string;
  created_at: string;
}

/** One event owed to one endpoint: the outbox. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  event_id: number;
  endpoint_id: number;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  /** When it may next be tried; a claim pushes it forward by the lease so one node sends it. */
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
}

/** Every attempt to deliver, for the partner's delivery log. */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** The last results version announced per election, so a crash cannot skip one. */
export interface WebhookCursorsTable {
  election_id: string;
  version: number;
}

/** Small facts about the webhook system itself (when it was first started). */
export interface WebhookStateTable {
  name: string;
  value: string;
}

/** The webhook tables, kept apart from the store's own schema type. */
export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_cursors: WebhookCursorsTable;
  webhook_state: WebhookStateTable;
}

/** The store's database with the webhook tables. */
export type WebhookDatabase = Kysely<DatabaseSchema & WebhookTables>;

/** Views the store's query builder with the webhook tables added (the same connection). */
export function webhookDatabase(db: Kysely<DatabaseSchema>): WebhookDatabase {
  // Only the static table types differ; the migration creates the tables in every store.
  return db;
}
