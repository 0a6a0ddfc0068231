import type { RetrievalRow } from '@canvass/core';
import type { AuditRecord } from '../audit/audit-records.ts';

/**
 * A printable retrieval list: one table per county and round, with a column for the audit
 * board's check mark. Plain HTML with its own print styles, so it prints the same from any
 * browser.
 */
export function retrievalPage(input: {
  readonly audit: AuditRecord;
  readonly round: number;
  readonly county: string;
  readonly rows: readonly RetrievalRow[];
}): string {
  const { audit, round, county, rows } = input;
  const draws = rows.reduce((n, r) => n + r.timesDrawn, 0);
  const title = `${audit.name}: round ${String(round)} retrieval list, ${county}`;
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.tabulator ?? '')}</td><td>${esc(r.batch)}</td><td class="n">${r.position === 0 ? 'whole batch' : String(r.position)}</td>` +
        `<td class="t">${esc(r.ticket)}</td><td class="n">${String(r.timesDrawn)}</td><td class="box"></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
body { font: 12pt system-ui, sans-serif; margin: 1.5cm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 0.2em 0.5em; text-align: left; }
td.n { text-align: right; }
td.t { font-family: monospace; }
td.box { width: 3em; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>Risk limit ${String(audit.riskLimit)}%. Seed ${esc(audit.seed ?? '(not set)')}. ${String(rows.length)} ballots, ${String(draws)} draws.</p>
<table>
<thead><tr><th>Tabulator</th><th>Batch</th><th>Position</th><th>Ticket</th><th>Times drawn</th><th>Retrieved</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</body>
</html>
`;
}

function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
