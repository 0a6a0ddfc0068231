import type { ElectionSummary } from './api/types.ts';

/** What a URL asks for: `/elections/:id[?contest=...]`, or `/` for the newest election. */
export interface Route {
  readonly electionId: string | null;
  readonly contestId: string | null;
}

/** Reads the route from a location. */
export function parseRoute(location: {
  readonly pathname: string;
  readonly search: string;
}): Route {
  const match = /^\/elections\/([^/]+)\/?$/.exec(location.pathname);
  const contestId = new URLSearchParams(location.search).get('contest');
  return { electionId: match?.[1] === undefined ? null : decodeURIComponent(match[1]), contestId };
}

/** The newest election: latest date, then the most recently updated. */
export function newestElection(elections: readonly ElectionSummary[]): ElectionSummary | null {
  return (
    elections.toSorted(
      (a, b) => b.date.localeCompare(a.date) || b.updatedAt.localeCompare(a.updatedAt),
    )[0] ?? null
  );
}
