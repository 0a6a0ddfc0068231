import { pino, type DestinationStream, type Logger } from 'pino';

/** What the logs write instead of a secret. */
export const REDACTED = '[redacted]';

/**
 * Log fields that may hold a secret, wherever a log call puts them: request and response
 * headers (bearer tokens, session cookies, CSRF tokens), and any field named like a credential
 * at the top level or one level down.
 */
export const REDACTED_PATHS: readonly string[] = [
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'headers["proxy-authorization"]',
  'responseHeaders["set-cookie"]',
  'password',
  'token',
  'secret',
  'csrf',
  'session',
  'cookie',
  'authorization',
  'databaseUrl',
  '*.password',
  '*.token',
  '*.secret',
  '*.csrf',
  '*.session',
  '*.cookie',
  '*.authorization',
  '*.databaseUrl',
];

/**
 * The server's logger: pino with every secret-bearing field redacted (see {@link REDACTED_PATHS}).
 * @example const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
 */
export function createLogger(options: {
  readonly level: string;
  readonly destination?: DestinationStream;
}): Logger {
  const settings = {
    level: options.level,
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

/**
 * A URL fit for a log line: no user name or password, no query or fragment (partners put
 * tokens there), only the scheme, host, port and path.
 * @example loggableUrl('https://u:p@hooks.example/in?key=s') // 'https://hooks.example/in'
 */
export function loggableUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
