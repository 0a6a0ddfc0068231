import type { ContestResult } from '../api/types.ts';
import { describePrecincts, describePseudoUnits } from '../format/standing.ts';

/** Props of {@link ReportingStatus}. */
export interface ReportingStatusProps {
  readonly result: ContestResult;
}

/**
 * How much is counted, said plainly: precincts reporting as a count (not a rounded percent that
 * reads 100% while precincts are missing), and absentee/provisional units apart from precincts.
 */
export function ReportingStatus({ result }: ReportingStatusProps) {
  const pseudo = describePseudoUnits(result);
  const fraction =
    result.precinctsTotal === 0 ? 0 : result.precinctsReporting / result.precinctsTotal;
  return (
    <div class="reporting">
      <p>
        <strong data-testid="precincts-reporting">{describePrecincts(result)}</strong>
        {pseudo === null ? null : <span class="pseudo">; {pseudo}</span>}
      </p>
      <div class="reporting-bar" aria-hidden="true">
        <span style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
      </div>
    </div>
  );
}
