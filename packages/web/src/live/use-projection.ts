import { useEffect, useState } from 'preact/hooks';
import { fetchDocument } from '../api/fetch-document.ts';
import type { ContestProjectionView, ProjectionsDocument } from '../api/projection-types.ts';

/**
 * The projection of one contest, fetched again whenever the results version changes (a call is
 * always made at a new version). Null while loading, or when the contest is not projected (or
 * the server is too old to project).
 * @example const projection = useProjection(electionId, contestId, results.version);
 */
export function useProjection(
  electionId: string,
  contestId: string | null,
  version: number,
): ContestProjectionView | null {
  const [projection, setProjection] = useState<ContestProjectionView | null>(null);
  useEffect(() => {
    if (contestId === null) return undefined;
    const abort = new AbortController();
    fetchDocument<ProjectionsDocument>(
      `/api/elections/${encodeURIComponent(electionId)}/projections`,
      abort.signal,
    ).then(
      (document) => {
        setProjection(document.contests.find((contest) => contest.contestId === contestId) ?? null);
      },
      () => {
        // No projection is shown rather than an error: the results are unaffected.
        if (!abort.signal.aborted) setProjection(null);
      },
    );
    return () => {
      abort.abort();
    };
  }, [electionId, contestId, version]);
  return projection;
}
