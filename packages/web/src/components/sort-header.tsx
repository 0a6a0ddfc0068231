import type { ComponentChildren } from 'preact';

/** Which way a column is sorted. */
export type SortDirection = 'ascending' | 'descending';

/** Props of {@link SortHeader}. */
export interface SortHeaderProps {
  readonly column: string;
  readonly sort: { readonly column: string; readonly direction: SortDirection };
  readonly onSort: (column: string) => void;
  readonly numeric?: boolean;
  readonly children: ComponentChildren;
}

/** A column header that sorts the table: a real button inside `<th scope="col">`, with `aria-sort`. */
export function SortHeader({ column, sort, onSort, numeric = false, children }: SortHeaderProps) {
  const active = sort.column === column;
  return (
    <th
      scope="col"
      class={numeric ? 'num' : undefined}
      aria-sort={active ? sort.direction : undefined}
    >
      <button
        type="button"
        class="sort-button"
        onClick={() => {
          onSort(column);
        }}
      >
        {children}
        <span aria-hidden="true" class="sort-arrow">
          {active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );
}
