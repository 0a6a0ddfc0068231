/**
 * The signed-in web session, shared by every page that writes.
 *
 * The session itself is an HTTP-only cookie the page cannot read; what the page holds is the
 * session's CSRF token, which the server requires as `X-CSRF-Token` on every write made with
 * the cookie. Use {@link apiWrite} (or {@link writeJson}) for every POST/PUT/PATCH/DELETE: it
 * sends the cookie and the token, and fetches the token first when the page does not have it yet.
 *
 * @example
 * const session = await loadSession();
 * if (session.signedIn) await writeJson('POST', `/api/audits/${id}/entries`, { entries });
 */
import { ApiError } from './fetch-document.ts';

/** The caller as the server sees them (`GET /api/session`). */
export interface Session {
  readonly signedIn: boolean;
  readonly name: string;
  /** `state-admin`, `county-official`, `auditor`, `partner` or `public`. */
  readonly role: string;
  /** For a county official: the counties they may submit for. */
  readonly counties: readonly string[];
  /** The token to send as `X-CSRF-Token` on writes; null when not signed in. */
  readonly csrf: string | null;
}

/** The API path of the session. */
export const SESSION_PATH = '/api/session';

/** The header the server checks on every cookie-authenticated write. */
export const CSRF_HEADER = 'X-CSRF-Token';

const SIGNED_OUT: Session = {
  signedIn: false,
  name: 'public',
  role: 'public',
  counties: [],
  csrf: null,
};

let current: Session | null = null;
const listeners = new Set<(session: Session) => void>();

function publish(session: Session): Session {
  current = session;
  for (const listener of listeners) listener(session);
  return session;
}

/** The session last loaded in this page, or null before the first {@link loadSession}. */
export function knownSession(): Session | null {
  return current;
}

/** Calls `listener` whenever the session changes (sign-in, sign-out, reload); returns an unsubscribe. */
export function onSessionChange(listener: (session: Session) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Asks the server who is signed in (and for the session's CSRF token). */
export async function loadSession(): Promise<Session> {
  const response = await fetch(SESSION_PATH, {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) return publish(SIGNED_OUT);
  return publish(toSession(await response.json()));
}

/** Signs in with a name and password; throws {@link ApiError} with the server's reason. */
export async function signIn(name: string, password: string): Promise<Session> {
  const response = await fetch(SESSION_PATH, {
    method: 'POST',
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (!response.ok) throw await errorOf(response);
  return publish(toSession(await response.json()));
}

/** Signs out (ends the session on the server and clears the cookie). */
export async function signOut(): Promise<Session> {
  const response = await apiWrite('DELETE', SESSION_PATH);
  // An expired session is signed out already; anything else is worth reporting.
  if (!response.ok && response.status !== 401) throw await errorOf(response);
  return publish(SIGNED_OUT);
}

/** What {@link apiWrite} sends. */
export type WriteBody = string | Blob | FormData | URLSearchParams | ArrayBuffer;

/**
 * A write to the API with the session cookie and the CSRF token. When the server refuses the
 * token (the session was renewed in another tab), the session is reloaded and the write retried
 * once. Returns the response as it is; see {@link writeJson} for JSON in, JSON out.
 */
export async function apiWrite(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: WriteBody,
  contentType?: string,
): Promise<Response> {
  const send = (session: Session): Promise<Response> =>
    fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        accept: 'application/json',
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
        ...(session.csrf === null ? {} : { [CSRF_HEADER]: session.csrf }),
      },
      ...(body === undefined ? {} : { body }),
    });
  const response = await send(current ?? (await loadSession()));
  if (response.status !== 403 || current?.csrf == null) return response;
  const reason = await response
    .clone()
    .json()
    .then((json: { error?: { message?: string } }) => json.error?.message ?? '')
    .catch(() => '');
  if (!/CSRF/.test(reason)) return response;
  return send(await loadSession());
}

/**
 * A JSON write: sends `body` as JSON (when given) and resolves with the JSON answer, or throws
 * {@link ApiError} carrying the server's message and status.
 */
export async function writeJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await apiWrite(
    method,
    path,
    body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? undefined : 'application/json',
  );
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** The server's error message of a failed response, as an {@link ApiError}. */
export async function errorOf(response: Response): Promise<ApiError> {
  let message = `${response.url} answered ${response.status}`;
  try {
    const json = (await response.json()) as { error?: { message?: string } };
    if (typeof json.error?.message === 'string') message = json.error.message;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, message);
}

function toSession(json: unknown): Session {
  const value = (json ?? {}) as Partial<Session>;
  return {
    signedIn: value.signedIn === true,
    name: typeof value.name === 'string' ? value.name : 'public',
    role: typeof value.role === 'string' ? value.role : 'public',
    counties: Array.isArray(value.counties)
      ? value.counties.filter((c) => typeof c === 'string')
      : [],
    csrf: typeof value.csrf === 'string' ? value.csrf : null,
  };
}
