import type { JsonSubmission } from './schemas.ts';

const COLUMNS = [
  'county',
  'precinct',
  'office',
  'district',
  'party',
  'candidate',
  'votes',
] as const;

/**
 * Turns JSON rows into an OpenElections CSV, so JSON and file submissions share one parser and
 * one set of validation rules (and one error vocabulary).
 */
export function rowsToCsv(rows: JsonSubmission['rows']): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      COLUMNS.map((column) => quote(row[column] === undefined ? '' : String(row[column]))).join(
        ',',
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
