import { apiWrite, type WriteBody } from '../api/session.ts';
import type { AuditView } from './audit-types.ts';

/** A refused audit write: the server's message and each located problem it gave. */
export class AuditWriteError extends Error {
  readonly status: number;
  /** One line per problem: where (file line or JSON path), the field, and the reason. */
  readonly problems: readonly string[];

  constructor(status: number, message: string, problems: readonly string[]) {
    super(message);
    this.status = status;
    this.problems = problems;
  }
}

/**
 * Sends an audit write (JSON, or a file's text as CSV/JSON) with the session cookie and CSRF
 * token; resolves with the audit as it now stands, or throws {@link AuditWriteError} carrying the
 * server's message and its problems (line, field, reason), as the API gives them.
 */
export async function auditWrite(
  path: string,
  body: unknown,
  fileType?: string,
): Promise<AuditView> {
  const response =
    fileType === undefined
      ? await apiWrite('POST', path, JSON.stringify(body), 'application/json')
      : await apiWrite('POST', path, body as WriteBody, fileType);
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // not JSON: reported by status below
  }
  if (response.ok) return json as AuditView;
  const error = (json as { error?: { message?: unknown; details?: unknown } } | null)?.error;
  const message =
    typeof error?.message === 'string' ? error.message : `the server answered ${response.status}`;
  throw new AuditWriteError(response.status, message, problemLines(error?.details));
}

/**
 * The problems of an error's `details`, one line each: `{ problems: [{ line | path, field,
 * reason }] }` from the file imports, or the request checks' `[{ path, message }]`.
 * @example problemLines({ problems: [{ line: 3, field: 'ballots', reason: 'not a number' }] })
 * // ['line 3, ballots: not a number']
 */
export function problemLines(details: unknown): string[] {
  const list = Array.isArray(details)
    ? (details as unknown[])
    : Array.isArray((details as { problems?: unknown } | null)?.problems)
      ? (details as { problems: unknown[] }).problems
      : [];
  return list.map((item) => {
    const p = (item ?? {}) as {
      line?: unknown;
      path?: unknown;
      field?: unknown;
      reason?: unknown;
      message?: unknown;
    };
    const where =
      typeof p.line === 'number'
        ? `line ${String(p.line)}`
        : typeof p.path === 'string'
          ? p.path
          : Array.isArray(p.path)
            ? (p.path as unknown[]).map(String).join('.')
            : '';
    const field = typeof p.field === 'string' ? p.field : '';
    const reason =
      typeof p.reason === 'string'
        ? p.reason
        : typeof p.message === 'string'
          ? p.message
          : JSON.stringify(item);
    const place = [where, field].filter((s) => s !== '').join(', ');
    return place === '' ? reason : `${place}: ${reason}`;
  });
}

/** A refusal as the page shows it: the message, then every problem with its place. */
export function AuditProblem({
  error,
  testId,
}: {
  readonly error: unknown;
  readonly testId?: string;
}) {
  if (error === null || error === undefined) return null;
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'string'
        ? error
        : 'the request failed';
  const problems = error instanceof AuditWriteError ? error.problems : [];
  return (
    <div role="alert" class="audit-problem" data-testid={testId}>
      <p>{message}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
