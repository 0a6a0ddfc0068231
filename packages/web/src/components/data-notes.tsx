import type { ResultsEnvelope } from '../api/types.ts';

/** Props of {@link DataNotes}. */
export interface DataNotesProps {
  readonly warnings: ResultsEnvelope['warnings'];
  readonly contestId: string | null;
}

/**
 * The consistency checks the server flagged for the shown contest (votes that do not add up to
 * ballots cast, and the like), so readers can see where a figure may still be corrected.
 */
export function DataNotes({ warnings, contestId }: DataNotesProps) {
  const relevant = warnings.filter(
    (warning) => warning.contestId === null || warning.contestId === contestId,
  );
  if (relevant.length === 0) return null;
  return (
    <details class="data-notes">
      <summary>
        {relevant.length} data {relevant.length === 1 ? 'note' : 'notes'} from the consistency
        checks
      </summary>
      <ul>
        {relevant.map((warning, index) => (
          <li key={`${warning.code}-${warning.unitId ?? ''}-${String(index)}`}>
            {warning.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
