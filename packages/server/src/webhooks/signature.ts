import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a signed delivery. */
export const WEBHOOK_HEADERS = {
  id: 'canvass-event-id',
  type: 'canvass-event-type',
  timestamp: 'canvass-timestamp',
  signature: 'canvass-signature',
  attempt: 'canvass-delivery-attempt',
} as const;

/** How far a delivery's timestamp may be from the receiver's clock, in seconds. */
export const REPLAY_WINDOW_SECONDS = 300;

/**
 * The signature header value for a body sent at `timestamp` (Unix seconds): `v1=` and the hex
 * HMAC-SHA256, keyed by the endpoint's secret, of `<timestamp>.<body>`.
 * @example signatureHeader('whsec_…', 1767225600, '{"id":"…"}') // 'v1=5f0c…'
 */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `v1=${mac}`;
}

/** Why a delivery was refused by {@link verifySignature}, or null when it is genuine. */
export type SignatureProblem = 'malformed' | 'stale' | 'mismatch';

/**
 * Checks a received delivery the way docs/webhooks.md tells receivers to: the timestamp within
 * the replay window, then a constant-time comparison against every `v1=` value in the header.
 */
export function verifySignature(input: {
  readonly secret: string;
  readonly timestamp: string | null;
  readonly signature: string | null;
  readonly body: string;
  readonly nowSeconds?: number;
  readonly windowSeconds?: number;
}): SignatureProblem | null {
  if (input.timestamp === null || !/^\d{1,12}$/.test(input.timestamp) || input.signature === null)
    return 'malformed';
  const timestamp = Number(input.timestamp);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.windowSeconds ?? REPLAY_WINDOW_SECONDS)) return 'stale';
  const expected = Buffer.from(signatureHeader(input.secret, timestamp, input.body));
  const matches = input.signature
    .split(',')
    .map((part) => Buffer.from(part.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  return matches ? null : 'mismatch';
}
