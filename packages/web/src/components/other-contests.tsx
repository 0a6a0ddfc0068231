import type { ContestDocument } from '../api/types.ts';
import { displayName } from '../format/numbers.ts';
import { describePrecincts, describeStanding } from '../format/standing.ts';

/** Props of {@link OtherContests}. */
export interface OtherContestsProps {
  readonly contests: readonly ContestDocument[];
  readonly selectedId: string | null;
  readonly onSelect: (contestId: string) => void;
}

/** Every contest on the ballot in one line each, to pick which one the map, table and chart show. */
export function OtherContests({ contests, selectedId, onSelect }: OtherContestsProps) {
  if (contests.length < 2) return null;
  return (
    <details class="other-contests">
      <summary>All {contests.length} contests on the ballot</summary>
      <ul>
        {contests.map((contest) => (
          <li key={contest.id}>
            <button
              type="button"
              class="link-button"
              aria-current={contest.id === selectedId ? 'true' : undefined}
              onClick={() => {
                onSelect(contest.id);
              }}
            >
              {displayName(contest.name)}
            </button>
            <span>
              {' '}
              — {describeStanding(contest)}; {describePrecincts(contest)}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
