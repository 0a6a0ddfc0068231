import type { Context, Env, Input } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The closed set of error codes the API returns. */
export const ERROR_CODES = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  rejected: 422,
  'rate-limited': 429,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

/** One of the API's error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The one JSON shape of every error response. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly details?: unknown;
  };
}

/**
 * Responds with an error in the API's single error shape.
 * @example return apiError(c, 'not-found', 'no election 2017-al');
 */
export function apiError<E extends Env, P extends string, I extends Input>(
  c: Context<E, P, I>,
  code: ErrorCode,
  message: string,
  details?: unknown,
): Response {
  const body: ErrorBody = {
    error: details === undefined ? { code, message } : { code, message, details },
  };
  return c.json(body, ERROR_CODES[code]);
}
