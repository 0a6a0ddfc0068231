import { useEffect, useState } from 'preact/hooks';
import { fetchDocument, paths } from '../api/fetch-document.ts';
import type { ElectionSummary } from '../api/types.ts';
import { ElectionPage } from './election-page.tsx';

/** What a URL asks for: `/elections/:id[?contest=...]`, or `/` for the newest election. */
export interface Route {
  readonly electionId: string | null;
  readonly contestId: string | null;
}

/** Reads the route from a location. */
export function parseRoute(location: { readonly pathname: string; readonly search: string }): Route {
  const match = /^\/elections\/([^/]+)\/?$/.exec(location.pathname);
  const contestId = new URLSearchParams(location.search).get('contest');
  return { electionId: match?.[1] === undefined ? null : decodeURIComponent(match[1]), contestId };
}

/** The newest election: latest date, then the most recently updated. */
export function newestElection(elections: readonly ElectionSummary[]): ElectionSummary | null {
  return elections.toSorted((a, b) => b.date.localeCompare(a.date) || b.updatedAt.localeCompare(a.updatedAt))[0] ?? null;
}

/** The page: routes to one election's results, picking the newest for `/`. */
export function App({ route }: { readonly route: Route }) {
  const [picked, setPicked] = useState<string | null>(route.electionId);
  const [message, setMessage] = useState('Loading…');
  useEffect(() => {
    if (route.electionId !== null) return;
    fetchDocument<ElectionSummary[]>(paths.elections()).then(
      (elections) => {
        const newest = newestElection(elections);
        if (newest === null) setMessage('No elections have been published yet.');
        else setPicked(newest.id);
      },
      (error: unknown) => {
        setMessage(`Could not load the list of elections: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }, [route.electionId]);
  if (picked === null) {
    return (
      <main class="page">
        <p role="status">{message}</p>
      </main>
    );
  }
  return <ElectionPage electionId={picked} contestId={route.contestId} />;
}
