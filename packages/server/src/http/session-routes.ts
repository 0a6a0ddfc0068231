import type { Context, Hono } from 'hono';
import type { Logger } from 'pino';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Accounts } from '../auth/accounts.ts';
import type { RateLimiter } from '../auth/rate-limiter.ts';
import { clientAddress, SESSION_COOKIE, SESSION_PATH, type AuthVariables } from './authenticate.ts';
import { apiError } from './errors.ts';
import { crossSiteReason, overHttps } from './request-origin.ts';

/** How long a web session lasts, in seconds. */
export const SESSION_SECONDS = 12 * 3600;

/** What the session routes need. */
export interface SessionRouteDependencies {
  readonly accounts: Accounts | null;
  /** Sign-in attempts per client address. */
  readonly signIns: RateLimiter;
  /** Whether X-Forwarded-Proto/-Host from a reverse proxy are believed. */
  readonly trustProxy: boolean;
  /** Sign-ins and failed attempts are logged by name (never a password or cookie). */
  readonly logger: Logger;
}

/** The signed-in caller as `GET /api/session` and a sign-in describe it. */
export interface SessionBody {
  readonly signedIn: boolean;
  readonly name: string;
  readonly role: string;
  readonly counties: readonly string[];
  /** Send as `X-CSRF-Token` on every write made with the session cookie; null when none. */
  readonly csrf: string | null;
}

/**
 * `GET /api/session` (who is calling, and the CSRF token of their session), `POST /api/session`
 * (sign in: name and password as JSON or a form; sets the session cookie) and
 * `DELETE /api/session` (sign out). A sign-in from another site is refused, so a page elsewhere
 * cannot sign a visitor into an account of its choosing.
 */
export function registerSessionRoutes(
  app: Hono<{ Variables: AuthVariables }>,
  deps: SessionRouteDependencies,
): void {
  app.get(SESSION_PATH, (c) => {
    const principal = c.get('principal');
    const csrf = c.get('csrf');
    c.header('cache-control', 'no-store');
    const body: SessionBody = {
      signedIn: principal.role !== 'public',
      name: principal.name,
      role: principal.role,
      counties: principal.counties,
      csrf,
    };
    return c.json(body);
  });

  app.post(SESSION_PATH, async (c) => {
    c.header('cache-control', 'no-store');
    const crossSite = crossSiteReason(c, deps.trustProxy);
    if (crossSite !== null) return apiError(c, 'forbidden', crossSite);
    if (!deps.signIns.take(clientAddress(c))) {
      c.header('retry-after', '60');
      return apiError(c, 'rate-limited', 'too many sign-in attempts; wait a minute');
    }
    if (deps.accounts === null) return apiError(c, 'forbidden', 'this server has no accounts');
    const { name, password } = await credentials(c);
    const signedIn = await deps.accounts.signIn(name, password);
    if (signedIn === null) {
      deps.logger.info({ name: name.slice(0, 100), from: clientAddress(c) }, 'sign-in failed');
      return apiError(c, 'unauthorized', 'wrong name or password');
    }
    deps.logger.info(
      { name: signedIn.principal.name, role: signedIn.principal.role, from: clientAddress(c) },
      'signed in',
    );
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous !== undefined) await deps.accounts.signOut(previous);
    setCookie(c, SESSION_COOKIE, signedIn.session, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: overHttps(c, deps.trustProxy),
      path: '/',
      maxAge: SESSION_SECONDS,
    });
    const body: SessionBody = {
      signedIn: true,
      name: signedIn.principal.name,
      role: signedIn.principal.role,
      counties: signedIn.principal.counties,
      csrf: signedIn.csrf,
    };
    return c.json(body);
  });

  app.delete(SESSION_PATH, async (c) => {
    c.header('cache-control', 'no-store');
    const session = getCookie(c, SESSION_COOKIE);
    if (session !== undefined && deps.accounts !== null) await deps.accounts.signOut(session);
    deleteCookie(c, SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: overHttps(c, deps.trustProxy),
    });
    return c.json({ status: 'signed-out' });
  });
}

async function credentials(c: Context): Promise<{ name: string; password: string }> {
  const type = c.req.header('content-type') ?? '';
  let body: Record<string, unknown> | undefined;
  try {
    body = type.includes('application/json')
      ? await c.req.json<Record<string, unknown> | undefined>()
      : await c.req.parseBody();
  } catch {
    body = undefined;
  }
  const name = typeof body?.['name'] === 'string' ? body['name'] : '';
  const password = typeof body?.['password'] === 'string' ? body['password'] : '';
  return { name, password };
}
