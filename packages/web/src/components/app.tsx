import { useEffect, useState } from 'preact/hooks';
import { fetchDocument, paths } from '../api/fetch-document.ts';
import type { ElectionSummary } from '../api/types.ts';
import { newestElection, type Route } from '../routing.ts';
import { ElectionPage } from './election-page.tsx';

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
        setMessage(
          `Could not load the list of elections: ${error instanceof Error ? error.message : String(error)}`,
        );
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
