import { useState } from 'preact/hooks';
import type { ChoiceResult, UnitContestResult } from '../api/types.ts';
import { formatPoints, formatShare, formatVotes } from '../format/numbers.ts';
import { listNames, tiedNames } from '../format/standing.ts';
import { SortHeader, type SortDirection } from './sort-header.tsx';

/** Props of {@link CountyTable}. */
export interface CountyTableProps {
  readonly counties: readonly UnitContestResult[];
  /** The contest's choices, in ballot order, for the columns. */
  readonly choices: readonly ChoiceResult[];
  readonly selectedId: string | null;
  readonly onSelect: (countyId: string) => void;
  readonly caption: string;
  /** Instructions shown above the table and tied to it with aria-describedby. */
  readonly help: string;
}

type Sort = { readonly column: string; readonly direction: SortDirection };

function leaderText(county: UnitContestResult): string {
  if (county.totalVotes === 0) return 'No results';
  if (county.tie) return `Tie: ${listNames(tiedNames(county))}`;
  return county.leader ?? '–';
}

function sortValue(county: UnitContestResult, column: string): number | string {
  if (column === 'county') return county.unitName;
  if (column === 'leader') return leaderText(county);
  if (column === 'margin') return county.margin?.percentOfVotes ?? -1;
  if (column === 'total') return county.totalVotes;
  if (column === 'reporting')
    return county.precinctsTotal === 0 ? 0 : county.precinctsReporting / county.precinctsTotal;
  return county.choices.find((choice) => choice.id === column)?.votes ?? 0;
}

/**
 * Every county's figures in a sortable table: the map's accessible equivalent. Only the county
 * name is a row header; the figures are plain cells, so a screen reader reads each cell with its
 * county and column.
 */
export function CountyTable({
  counties,
  choices,
  selectedId,
  onSelect,
  caption,
  help,
}: CountyTableProps) {
  const [sort, setSort] = useState<Sort>({ column: 'county', direction: 'ascending' });
  const onSort = (column: string): void => {
    setSort((current) =>
      current.column === column
        ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : {
            column,
            direction: column === 'county' || column === 'leader' ? 'ascending' : 'descending',
          },
    );
  };
  const rows = counties
    .filter((county) => !county.pseudo)
    .toSorted((a, b) => {
      const x = sortValue(a, sort.column);
      const y = sortValue(b, sort.column);
      const order =
        typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
      return sort.direction === 'ascending' ? order : -order;
    });
  const hasPseudo = counties.some((county) => county.pseudoUnitsTotal > 0);
  const shown = choices.filter((choice) => !choice.isWriteIn || choice.votes > 0);
  return (
    <>
      <p class="table-help" id="county-table-help">
        {help}
      </p>
      <div class="table-scroll" id="county-table" tabIndex={-1}>
        <table class="county-table" data-testid="county-table" aria-describedby="county-table-help">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <SortHeader column="county" sort={sort} onSort={onSort}>
                County
              </SortHeader>
              <SortHeader column="leader" sort={sort} onSort={onSort}>
                Leader
              </SortHeader>
              <SortHeader column="margin" sort={sort} onSort={onSort} numeric>
                Lead (points)
              </SortHeader>
              {shown.map((choice) => (
                <SortHeader key={choice.id} column={choice.id} sort={sort} onSort={onSort} numeric>
                  {choice.name}
                </SortHeader>
              ))}
              <SortHeader column="total" sort={sort} onSort={onSort} numeric>
                Total votes
              </SortHeader>
              <SortHeader column="reporting" sort={sort} onSort={onSort} numeric>
                Precincts reporting
              </SortHeader>
              {hasPseudo ? (
                <th scope="col" class="num">
                  Absentee and provisional units
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((county) => (
              <tr
                key={county.unitId ?? county.unitName}
                class={county.unitId === selectedId ? 'selected' : undefined}
              >
                <th scope="row">
                  <button
                    type="button"
                    class="link-button"
                    aria-expanded={county.unitId === selectedId}
                    aria-controls="precinct-results"
                    onClick={() => {
                      if (county.unitId !== null) onSelect(county.unitId);
                    }}
                  >
                    {county.unitName}
                  </button>
                </th>
                <td>{leaderText(county)}</td>
                <td class="num">
                  {county.margin?.percentOfVotes == null || county.tie
                    ? '–'
                    : formatPoints(county.margin.percentOfVotes)}
                </td>
                {shown.map((choice) => {
                  const figures = county.choices.find((candidate) => candidate.id === choice.id);
                  return (
                    <td key={choice.id} class="num">
                      {formatVotes(figures?.votes ?? 0)}{' '}
                      <span class="share">{formatShare(figures?.share ?? null)}</span>
                    </td>
                  );
                })}
                <td class="num">{formatVotes(county.totalVotes)}</td>
                <td class="num">
                  {formatVotes(county.precinctsReporting)} of {formatVotes(county.precinctsTotal)}
                </td>
                {hasPseudo ? (
                  <td class="num">
                    {formatVotes(county.pseudoUnitsReporting)} of{' '}
                    {formatVotes(county.pseudoUnitsTotal)}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
