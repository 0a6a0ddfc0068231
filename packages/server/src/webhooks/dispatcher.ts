import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseSchema } from '../store/schema.ts';
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './backoff.ts';
import { loggableUrl } from '../http/logger.ts';
import { onEventQueued } from './outbox.ts';
import { webhookDatabase, type WebhookDatabase } from './schema.ts';
import { signatureHeader, WEBHOOK_HEADERS } from './signature.ts';

/** Options for {@link WebhookDispatcher}. */
export interface DispatcherOptions {
  readonly database: Kysely<DatabaseSchema>;
  readonly logger: Logger;
  readonly retry?: RetryPolicy;
  /** How long a claimed delivery is reserved for this node before another may retry it. */
  readonly leaseMs?: number;
  /** How long to wait for a receiver's response. */
  readonly timeoutMs?: number;
  /** How often to look for due deliveries queued by other processes or retries coming due. */
  readonly pollMs?: number;
}

interface DueDelivery {
  readonly id: number;
  readonly attempts: number;
  readonly next_attempt_at: string;
  readonly endpoint_id: number;
  readonly url: string;
  readonly secret: string;
  readonly event_id: string;
  readonly type: string;
  readonly payload: string;
}

const BATCH = 50;

/**
 * Sends what the outbox owes: claims due deliveries (a lease, so that several nodes sharing one
 * database never send the same one at once), POSTs each signed body, logs every attempt and
 * schedules retries with exponential backoff. Deliveries to one endpoint go one at a time, in
 * the order they were queued; different endpoints are served in parallel.
 */
export class WebhookDispatcher {
  readonly #db: WebhookDatabase;
  readonly #logger: Logger;
  readonly #retry: RetryPolicy;
  readonly #leaseMs: number;
  readonly #timeoutMs: number;
  readonly #pollMs: number;
  readonly #abort = new AbortController();
  readonly #unsubscribe: () => void;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(options: DispatcherOptions) {
    this.#db = webhookDatabase(options.database);
    this.#logger = options.logger;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#pollMs = options.pollMs ?? 2_000;
    this.#unsubscribe = onEventQueued(options.database, () => {
      this.wake();
    });
  }

  /** Starts delivering, beginning with whatever was left owing when the server last stopped. */
  start(): void {
    this.wake();
  }

  /** Looks for due deliveries now. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running !== null) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  /** Stops; deliveries in flight are abandoned and retried after their lease (at least once). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#abort.abort();
    await this.#running;
  }

  /** Delivers every delivery due now (one batch); resolves to the number attempted. */
  async deliverDue(): Promise<number> {
    const now = new Date();
    const due = await this.#db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .innerJoin('webhook_endpoints as p', 'p.id', 'd.endpoint_id')
      .select([
        'd.id',
        'd.attempts',
        'd.next_attempt_at',
        'd.endpoint_id',
        'p.url',
        'p.secret',
        'e.event_id',
        'e.type',
        'e.payload',
      ])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now.toISOString())
      .where('p.removed_at', 'is', null)
      .orderBy('d.id')
      .limit(BATCH)
      .execute();
    const lease = new Date(now.getTime() + this.#leaseMs).toISOString();
    const byEndpoint = new Map<number, DueDelivery[]>();
    if (due.length === 0) return 0;
    // One statement claims the batch; a row another node claimed first no longer matches
    // `next_attempt_at <= now` (its lease is in the future), so each row has one owner.
    const claimed = await this.#db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: lease })
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now.toISOString())
      .returning('id')
      .execute();
    const mine = new Set(claimed.map((row) => row.id));
    for (const row of due) {
      if (!mine.has(row.id)) continue;
      const queue = byEndpoint.get(row.endpoint_id) ?? [];
      queue.push(row);
      byEndpoint.set(row.endpoint_id, queue);
    }
    await Promise.all(
      [...byEndpoint.values()].map(async (queue) => {
        for (const delivery of queue) {
          if (this.#stopped) return;
          await this.#deliver(delivery);
        }
      }),
    );
    return due.length;
  }

  #schedule(ms: number): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#running = this.#tick().finally(() => {
        this.#running = null;
      });
    }, ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    let delay = this.#pollMs;
    try {
      this.#again = false;
      const attempted = await this.deliverDue();
      // A wake() during the run set #again; read it through a call, past the await.
      if (attempted === BATCH || this.#wokenDuringRun()) delay = 0;
      else delay = Math.min(delay, await this.#untilNextDue());
    } catch (error) {
      if (this.#stopped) return;
      this.#logger.error({ err: error }, 'webhook dispatch failed');
    }
    if (!this.#stopped) this.#schedule(delay);
  }

  #wokenDuringRun(): boolean {
    return this.#again;
  }

  async #untilNextDue(): Promise<number> {
    const next = await this.#db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (next?.at == null) return this.#pollMs;
    return Math.max(0, new Date(next.at).getTime() - Date.now());
  }

  async #deliver(delivery: DueDelivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Canvass-Webhooks/1',
          [WEBHOOK_HEADERS.id]: delivery.event_id,
          [WEBHOOK_HEADERS.type]: delivery.type,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signatureHeader(
            delivery.secret,
            timestamp,
            delivery.payload,
          ),
          [WEBHOOK_HEADERS.attempt]: String(attempt),
        },
        body: delivery.payload,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#timeoutMs)]),
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (statusCode < 200 || statusCode > 299) error = `the receiver answered HTTP ${statusCode}`;
    } catch (caught) {
      // Stopping abandons the attempt unrecorded; the lease brings it back after a restart.
      if (this.#stopped) return;
      error =
        caught instanceof Error && caught.name === 'TimeoutError'
          ? `no response within ${this.#timeoutMs} ms`
          : `could not reach the receiver: ${describe(caught)}`;
    }
    const finishedAt = new Date();
    const delivered = error === null;
    const gaveUp = !delivered && attempt >= this.#retry.maxAttempts;
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({
          delivery_id: delivery.id,
          attempt,
          at: new Date(started).toISOString(),
          status_code: statusCode,
          error,
          duration_ms: finishedAt.getTime() - started,
        })
        .execute();
      await trx
        .updateTable('webhook_deliveries')
        .set({
          status: delivered ? 'delivered' : gaveUp ? 'failed' : 'pending',
          attempts: attempt,
          last_attempt_at: new Date(started).toISOString(),
          last_status_code: statusCode,
          last_error: error,
          delivered_at: delivered ? finishedAt.toISOString() : null,
          next_attempt_at: delivered
            ? finishedAt.toISOString()
            : new Date(finishedAt.getTime() + retryDelay(attempt, this.#retry)).toISOString(),
        })
        .where('id', '=', delivery.id)
        .execute();
    });
    if (!delivered)
      this.#logger.warn(
        { delivery: delivery.id, url: loggableUrl(delivery.url), attempt, error, gaveUp },
        'webhook delivery failed',
      );
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
