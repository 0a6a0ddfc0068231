/**
 * The audit id of an `/audits/:id` page, or null for any other page.
 * @example auditIdOf('/audits/3f2a') // '3f2a'
 */
export function auditIdOf(pathname: string): string | null {
  const match = /^\/audits\/([^/]+)\/?$/.exec(pathname);
  return match?.[1] === undefined ? null : decodeURIComponent(match[1]);
}
