/**
 * The audit id of an `/audits/:id` page, or null for any other page.
 * @example auditIdOf('/audits/3f2a') // '3f2a'
 */
export function auditIdOf(pathname: string): string | null {
  const match = /^\/audits\/([^/]+)\/?$/.exec(pathname);
  return match?.[1] === undefined ? null : decodeURIComponent(match[1]);
}

/**
 * The election id of an `/elections/:id/audits` page (an election's audits), or null.
 * @example auditsElectionOf('/elections/2017-al/audits') // '2017-al'
 */
export function auditsElectionOf(pathname: string): string | null {
  const match = /^\/elections\/([^/]+)\/audits\/?$/.exec(pathname);
  return match?.[1] === undefined ? null : decodeURIComponent(match[1]);
}

/** The page of an election's audits. */
export function auditsPath(electionId: string): string {
  return `/elections/${encodeURIComponent(electionId)}/audits`;
}
