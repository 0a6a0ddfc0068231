import type { Context } from 'hono';

/**
 * The scheme and host a browser used to reach this server: the request's own, or, when the
 * server sits behind a trusted reverse proxy, the first `X-Forwarded-Proto` / `X-Forwarded-Host`.
 * @example requestOrigin(c, false) // 'http://127.0.0.1:8080'
 */
export function requestOrigin(c: Pick<Context, 'req'>, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  let protocol = url.protocol.replace(/:$/, '');
  let host = c.req.header('host') ?? url.host;
  if (trustProxy) {
    const forwardedProto = firstValue(c.req.header('x-forwarded-proto'));
    const forwardedHost = firstValue(c.req.header('x-forwarded-host'));
    if (forwardedProto === 'https' || forwardedProto === 'http') protocol = forwardedProto;
    if (forwardedHost !== undefined) host = forwardedHost;
  }
  return `${protocol}://${host.toLowerCase()}`;
}

/** True when the browser reached the server over HTTPS (directly or through a trusted proxy). */
export function overHttps(c: Pick<Context, 'req'>, trustProxy: boolean): boolean {
  return requestOrigin(c, trustProxy).startsWith('https://');
}

/**
 * Why a browser request that acts on a cookie (or sets one) must be refused as cross-site, or
 * null when it may proceed. Browsers send `Sec-Fetch-Site` and `Origin` on such requests; a
 * request with neither comes from a program (curl, the CLI), which cannot ride on a victim's
 * cookies, and is let through.
 */
export function crossSiteReason(c: Pick<Context, 'req'>, trustProxy: boolean): string | null {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return `a ${site} request may not use or create a session (Sec-Fetch-Site: ${site})`;
  const origin = c.req.header('origin');
  if (origin === undefined) return null;
  const expected = requestOrigin(c, trustProxy);
  if (origin.toLowerCase() !== expected) {
    const proxied =
      !trustProxy &&
      (c.req.header('x-forwarded-proto') !== undefined ||
        c.req.header('x-forwarded-host') !== undefined);
    return `a request from ${origin} may not use or create a session on ${expected}${
      proxied ? ' (behind a reverse proxy, start canvass serve with --trust-proxy)' : ''
    }`;
  }
  return null;
}

function firstValue(header: string | undefined): string | undefined {
  const value = header?.split(',')[0]?.trim();
  return value === undefined || value === '' ? undefined : value.toLowerCase();
}
