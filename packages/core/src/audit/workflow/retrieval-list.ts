/** One line of a retrieval list: a ballot to pull, with every ticket that drew it. */
export interface RetrievalRow {
  readonly county: string;
  readonly tabulator: string | null;
  readonly batch: string;
  readonly position: number;
  /** The smallest ticket that drew the ballot in this round. */
  readonly ticket: string;
  /** Draws of this ballot in this round (with replacement a ballot can be drawn again). */
  readonly timesDrawn: number;
}

/** A drawn ballot as stored. */
export interface DrawnRow {
  readonly county: string;
  readonly tabulator: string | null;
  readonly batch: string;
  readonly position: number;
  readonly ticket: string;
}

/**
 * The retrieval list of one county for one round: each ballot once, in batch then position
 * order (the order a team walks the storage room), with how many times it was drawn.
 * @example retrievalList(draws, 'Autauga')[0] // { batch: 'B1', position: 7, timesDrawn: 1, ... }
 */
export function retrievalList(draws: readonly DrawnRow[], county: string): RetrievalRow[] {
  const byBallot = new Map<string, { row: DrawnRow; ticket: string; times: number }>();
  for (const d of draws) {
    if (d.county !== county) continue;
    const key = JSON.stringify([d.tabulator, d.batch, d.position]);
    const known = byBallot.get(key);
    if (known === undefined) byBallot.set(key, { row: d, ticket: d.ticket, times: 1 });
    else {
      known.times++;
      if (d.ticket < known.ticket) known.ticket = d.ticket;
    }
  }
  return [...byBallot.values()]
    .map(({ row, ticket, times }) => ({
      county: row.county,
      tabulator: row.tabulator,
      batch: row.batch,
      position: row.position,
      ticket,
      timesDrawn: times,
    }))
    .sort(
      (a, b) =>
        compareText(a.tabulator ?? '', b.tabulator ?? '') ||
        compareText(a.batch, b.batch) ||
        a.position - b.position,
    );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A retrieval list as CSV (county, tabulator, batch, position, ticket, times drawn), quoting
 * fields that need it and neutralising spreadsheet formulas.
 */
export function retrievalCsv(rows: readonly RetrievalRow[]): string {
  const lines = ['county,tabulator,batch,position,ticket,times_drawn'];
  for (const r of rows) {
    lines.push(
      [r.county, r.tabulator ?? '', r.batch, String(r.position), r.ticket, String(r.timesDrawn)]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
