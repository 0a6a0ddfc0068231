import { useEffect, useRef, useState } from 'preact/hooks';
import { ElectionFeed, type FeedSnapshot } from './election-feed.ts';

/** The feed's snapshot plus the two things a reader can change. */
export interface ElectionFeedState extends FeedSnapshot {
  readonly selectContest: (contestId: string) => void;
  readonly selectCounty: (countyId: string | null) => void;
}

/**
 * Subscribes a component to one election's live documents for as long as it is mounted.
 * @example const feed = useElectionFeed('2017-12-12-al-special-general', null);
 */
export function useElectionFeed(
  electionId: string,
  initialContest: string | null,
): ElectionFeedState | null {
  const [snapshot, setSnapshot] = useState<FeedSnapshot | null>(null);
  const feed = useRef<ElectionFeed | null>(null);
  useEffect(() => {
    const current = new ElectionFeed(electionId, setSnapshot);
    feed.current = current;
    void current.start(initialContest);
    return () => {
      current.close();
    };
  }, [electionId, initialContest]);
  if (snapshot === null) return null;
  return {
    ...snapshot,
    selectContest: (contestId) => {
      // Keep the choice in the address, so a shared or reloaded link shows the same contest.
      const url = new URL(window.location.href);
      url.searchParams.set('contest', contestId);
      window.history.replaceState(null, '', url);
      void feed.current?.selectContest(contestId);
    },
    selectCounty: (countyId) => void feed.current?.selectCounty(countyId),
  };
}
