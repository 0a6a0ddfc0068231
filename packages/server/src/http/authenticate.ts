import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Accounts } from '../auth/accounts.ts';
import { can, type Permission, type Principal } from '../auth/roles.ts';
import { apiError } from './errors.ts';
import { crossSiteReason } from './request-origin.ts';

/** The cookie that carries a web session. */
export const SESSION_COOKIE = 'canvass_session';

const PUBLIC: Principal = {
  userId: null,
  name: 'public',
  role: 'public',
  counties: [],
  via: 'token',
};

/** Hono context variables set by {@link authenticate}. */
export interface AuthVariables {
  principal: Principal;
  /** The session's CSRF token when the caller signed in with a cookie, else null. */
  csrf: string | null;
}

/** The path that signs in (POST), tells who is signed in (GET) and signs out (DELETE). */
export const SESSION_PATH = '/api/session';

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * Resolves the caller: a bearer token (an account's API token, or the operator's admin token), a
 * session cookie (with a same-origin request and the session's CSRF token required on every
 * write), or the public. A presented but invalid credential is refused rather than treated as
 * public, except on the session path itself, where an expired cookie must not stop a new sign-in
 * or a sign-out. A sign-in POST ignores any cookie it carries (the route checks its origin).
 */
export function authenticate(
  accounts: Accounts | null,
  adminToken: string | null,
  trustProxy = false,
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    c.set('csrf', null);
    const sessionPath = c.req.path === SESSION_PATH;
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer !== undefined) {
      if (adminToken !== null && sameSecret(bearer, adminToken)) {
        c.set('principal', {
          userId: null,
          name: 'admin',
          role: 'state-admin',
          counties: [],
          via: 'admin-token',
        });
      } else {
        const principal = accounts === null ? null : await accounts.authenticateToken(bearer);
        if (principal === null)
          return apiError(c, 'unauthorized', 'the token is not valid or has been revoked');
        c.set('principal', principal);
      }
      await next();
      return undefined;
    }
    const session = getCookie(c, SESSION_COOKIE);
    const signingIn = sessionPath && c.req.method === 'POST';
    if (session !== undefined && accounts !== null && !signingIn) {
      const found = await accounts.session(session);
      if (found === null && !sessionPath)
        return apiError(c, 'unauthorized', 'the session has expired; sign in again');
      if (found !== null) {
        if (!SAFE_METHODS.includes(c.req.method)) {
          const crossSite = crossSiteReason(c, trustProxy);
          if (crossSite !== null) return apiError(c, 'forbidden', crossSite);
          if (!sameSecret(c.req.header('x-csrf-token') ?? '', found.csrf))
            return apiError(
              c,
              'forbidden',
              'missing or wrong CSRF token (send the X-CSRF-Token header from GET /api/session)',
            );
        }
        c.set('principal', found.principal);
        c.set('csrf', found.csrf);
        await next();
        return undefined;
      }
    }
    c.set('principal', PUBLIC);
    await next();
    return undefined;
  };
}

/** Refuses the request unless the caller's role has `permission`. */
export function requirePermission(
  permission: Permission,
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal.role === 'public')
      return apiError(c, 'unauthorized', 'sign in or send an API token (Authorization: Bearer …)');
    if (!can(principal.role, permission))
      return apiError(
        c,
        'forbidden',
        `the ${principal.role} role may not ${permission.replace('-', ' ')}`,
      );
    await next();
    return undefined;
  };
}

/** The caller's address, for rate limits (the socket's, never a forwarded header). */
export function clientAddress(c: Pick<Context, 'env'>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** Compares secrets in constant time (hashing first so lengths do not leak). */
function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
