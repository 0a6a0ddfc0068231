import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../store/schema.ts';
import type { PartnerEvent } from './event-types.ts';
import { webhookDatabase } from './schema.ts';

/** One delivery in an endpoint's log, with its attempts. */
export interface DeliveryLogEntry {
  readonly id: number;
  readonly eventId: string;
  readonly type: string;
  readonly electionId: string;
  readonly status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  readonly attempts: readonly {
    readonly attempt: number;
    readonly at: string;
    readonly statusCode: number | null;
    readonly error: string | null;
    readonly durationMs: number;
  }[];
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
}

/**
 * The newest deliveries to one endpoint (before delivery id `before`, for paging back), newest
 * first, each with every attempt made.
 */
export async function deliveryLog(
  database: Kysely<DatabaseSchema>,
  endpointId: number,
  options: { readonly limit: number; readonly before?: number },
): Promise<DeliveryLogEntry[]> {
  const db = webhookDatabase(database);
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.status',
      'd.next_attempt_at',
      'd.delivered_at',
      'e.event_id',
      'e.type',
      'e.election_id',
    ])
    .where('d.endpoint_id', '=', endpointId)
    .orderBy('d.id', 'desc')
    .limit(options.limit);
  if (options.before !== undefined) query = query.where('d.id', '<', options.before);
  const deliveries = await query.execute();
  const ids = deliveries.map((delivery) => delivery.id);
  const attempts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('webhook_attempts')
          .selectAll()
          .where('delivery_id', 'in', ids)
          .orderBy('delivery_id')
          .orderBy('attempt')
          .execute();
  return deliveries.map((delivery) => ({
    id: delivery.id,
    eventId: delivery.event_id,
    type: delivery.type,
    electionId: delivery.election_id,
    status: delivery.status,
    attempts: attempts
      .filter((attempt) => attempt.delivery_id === delivery.id)
      .map((attempt) => ({
        attempt: attempt.attempt,
        at: attempt.at,
        statusCode: attempt.status_code,
        error: attempt.error,
        durationMs: attempt.duration_ms,
      })),
    nextAttemptAt: delivery.status === 'pending' ? delivery.next_attempt_at : null,
    deliveredAt: delivery.delivered_at,
  }));
}

/**
 * Published events after sequence number `after`, oldest first: how a partner catches up on
 * anything its receiver missed. Each comes with its sequence number for the next `after`.
 */
export async function eventsAfter(
  database: Kysely<DatabaseSchema>,
  options: { readonly after: number; readonly limit: number; readonly electionId?: string },
): Promise<{ sequence: number; event: PartnerEvent }[]> {
  let query = webhookDatabase(database)
    .selectFrom('webhook_events')
    .select(['id', 'payload'])
    .where('id', '>', options.after)
    .orderBy('id')
    .limit(options.limit);
  if (options.electionId !== undefined) query = query.where('election_id', '=', options.electionId);
  const rows = await query.execute();
  return rows.map((row) => ({ sequence: row.id, event: JSON.parse(row.payload) as PartnerEvent }));
}
