import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveResults } from './live-results.ts';
import type { ResultsEvent } from './live-election.ts';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events for every election, written straight to Node's response objects: one
 * serialised buffer per version, written to every client (no per-client framing work).
 * `Last-Event-ID` (or `?lastEventId=`) resumes after a reconnect without losing a version.
 */
export class EventStreamHub {
  readonly #live: LiveResults;
  readonly #clients = new Map<string, Set<ServerResponse>>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #unsubscribe: () => void;

  constructor(live: LiveResults) {
    this.#live = live;
    this.#unsubscribe = live.subscribe((event) => {
      this.#broadcast(event);
    });
    this.#heartbeat = setInterval(() => {
      this.#beat();
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Number of connected clients. */
  get size(): number {
    let size = 0;
    for (const clients of this.#clients.values()) size += clients.size;
    return size;
  }

  /** Takes over a request for `/api/elections/:id/events`. Returns false for an unknown election. */
  accept(electionId: string, request: IncomingMessage, response: ServerResponse): boolean {
    const election = this.#live.election(electionId);
    if (election === undefined) return false;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'access-control-allow-origin': '*',
    });
    response.socket?.setNoDelay(true);
    let backlog = 'retry: 2000\n\n';
    const lastSeen = lastEventId(request);
    const from =
      lastSeen === null ? election.version : Math.max(0, Math.min(lastSeen, election.version));
    for (const event of election.events.slice(from)) backlog += frame(event);
    if (lastSeen === null)
      backlog += `event: hello\ndata: ${JSON.stringify({ electionId, version: election.version })}\n\n`;
    response.write(backlog);
    let clients = this.#clients.get(electionId);
    if (clients === undefined) {
      clients = new Set();
      this.#clients.set(electionId, clients);
    }
    clients.add(response);
    const forget = (): void => {
      clients.delete(response);
    };
    request.on('close', forget);
    response.on('error', forget);
    return true;
  }

  /**
   * Sends a named event (no id, so resuming is unaffected) to an election's clients, e.g. a
   * race call: `event: call`.
   */
  send(electionId: string, name: string, data: unknown): void {
    const clients = this.#clients.get(electionId);
    if (clients === undefined || clients.size === 0) return;
    const bytes = Buffer.from(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const response of clients) response.write(bytes);
  }

  /** Ends every stream and stops the heartbeat. */
  close(): void {
    clearInterval(this.#heartbeat);
    this.#unsubscribe();
    for (const clients of this.#clients.values()) for (const response of clients) response.end();
    this.#clients.clear();
  }

  #broadcast(event: ResultsEvent): void {
    const clients = this.#clients.get(event.electionId);
    if (clients === undefined || clients.size === 0) return;
    const bytes = Buffer.from(frame(event));
    for (const response of clients) response.write(bytes);
  }

  #beat(): void {
    const bytes = Buffer.from(': heartbeat\n\n');
    for (const clients of this.#clients.values())
      for (const response of clients) response.write(bytes);
  }
}

function frame(event: ResultsEvent): string {
  return `id: ${event.version}\nevent: results\ndata: ${JSON.stringify(event)}\n\n`;
}

function lastEventId(request: IncomingMessage): number | null {
  // EventSource resends the header on reconnect; the query parameter serves clients that cannot.
  const header = request.headers['last-event-id'];
  const raw =
    typeof header === 'string'
      ? header
      : new URL(request.url ?? '/', 'http://localhost').searchParams.get('lastEventId');
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
}
