import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a {@link WebhookReceiver} received. */
export interface ReceivedRequest {
  /** The request's path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, exactly as it arrived. */
  readonly body: string;
  readonly at: number;
}

/** How the receiver answers a request: a status code, or `hang` to never answer. */
export type ReceiverAnswer = number | 'hang';

/** A real local HTTP server standing in for a partner's webhook endpoint. */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Answers requests with these, in order, then with `fallback`. */
  answers: ReceiverAnswer[];
  fallback: ReceiverAnswer;
  /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/**
 * Starts a receiver on a free port of 127.0.0.1 that records every request.
 * @example const receiver = await startWebhookReceiver(); receiver.answers = [500, 200];
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const waiters = new Set<() => void>();
  const hanging = new Set<ServerResponse>();
  const receiver: Omit<WebhookReceiver, 'url' | 'close'> = {
    received: [],
    answers: [],
    fallback: 200,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (receiver.received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(receiver.received.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`received ${receiver.received.length} of ${count} requests`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = receiver.answers.shift() ?? receiver.fallback;
      receiver.received.push({
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      for (const waiter of [...waiters]) waiter();
      if (answer === 'hang') hanging.add(response);
      else response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  });
}
