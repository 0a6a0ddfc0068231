import type { ResultsEnvelope } from '../api/types.ts';
import type { Connection } from '../live/election-feed.ts';
import { formatDate, formatTime } from '../format/numbers.ts';

/** Props of {@link ResultsHeader}. */
export interface ResultsHeaderProps {
  readonly results: ResultsEnvelope;
  readonly connection: Connection;
}

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: updates appear as counties report',
  reconnecting: 'Reconnecting to live updates…',
};

/** The election's name and date, the "Unofficial results" label, the last update and the live status. */
export function ResultsHeader({ results, connection }: ResultsHeaderProps) {
  return (
    <header class="results-header">
      <p class="status-label">
        <strong>Unofficial results</strong>{' '}
        <span>— not certified; figures change as counties report</span>
      </p>
      <h1>{results.election.name}</h1>
      <p class="meta">
        <span>{formatDate(results.election.date)}</span>
        <span>
          Last updated <time dateTime={results.updatedAt}>{formatTime(results.updatedAt)}</time>{' '}
          (update {results.version})
        </span>
        <span class={`connection connection-${connection}`}>{CONNECTION_TEXT[connection]}</span>
      </p>
    </header>
  );
}
