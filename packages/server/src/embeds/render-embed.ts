import { percent, type ContestDocument } from '@canvass/core';

/** A race call, shown in the embed's call slot when the race-call feature has made one. */
export interface EmbedCall {
  /** Choice ids of the winners. */
  readonly winners: readonly string[];
  readonly calledAt: string;
  /** Who called it ("Canvass projection", a newsroom's desk, ...). */
  readonly by?: string;
}

/** What the embed shows beyond the figures; every part optional. */
export interface EmbedSources {
  readonly call?: (electionId: string, contestId: string) => EmbedCall | null;
}

/** The recount section a contest document carries (when the server computes one). */
interface RecountPart {
  readonly status: string;
  readonly badge: string;
  readonly check?: { readonly automatic?: { readonly triggered?: boolean } } | null;
}

/** What one embed shows: the contest at a version. */
export interface EmbedModel {
  readonly electionId: string;
  readonly electionName: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly status: string;
  readonly contest: ContestDocument & { readonly recount?: RecountPart };
  readonly call: EmbedCall | null;
}

const numbers = new Intl.NumberFormat('en-US');

/**
 * The embed's live part: badges, the results table and the status line. Plain HTML that reads
 * without JavaScript; the script swaps in a fresh copy when the contest changes.
 */
export function renderEmbedFragment(model: EmbedModel): string {
  const { contest, call } = model;
  const winners = new Set(call?.winners ?? []);
  const winnerNames = contest.choices
    .filter((choice) => winners.has(choice.id))
    .map((choice) => choice.name);
  const recount = contest.recount;
  const showRecount = recount !== undefined && recount.status !== 'not-applicable';
  const triggered = recount?.check?.automatic?.triggered === true;
  const rows = contest.choices
    .map((choice) => {
      const share = percent(choice.votes, contest.totalVotes, 1);
      const won = winners.has(choice.id);
      return (
        `<tr data-choice="${escape(choice.id)}"${won ? ' class="winner"' : ''}>` +
        `<th scope="row">${escape(choice.name)}${won ? ' <span class="check" aria-label="winner">✓</span>' : ''}</th>` +
        `<td>${escape(choice.party ?? '')}</td>` +
        `<td class="num" data-field="votes">${numbers.format(choice.votes)}</td>` +
        `<td class="num" data-field="share">${share === null ? '–' : `${share.toFixed(1)}%`}</td>` +
        `</tr>`
      );
    })
    .join('');
  const reportingPct = percent(contest.precinctsReporting, contest.precinctsTotal, 1);
  return [
    `<div class="badges">`,
    `<span class="badge call" data-slot="call"${call === null ? ' hidden' : ''}>`,
    call === null
      ? ''
      : `Called: ${escape(winnerNames.join(', '))}${call.by === undefined ? '' : ` (${escape(call.by)})`}`,
    `</span>`,
    `<span class="badge recount${triggered ? ' triggered' : ''}" data-slot="recount"${showRecount ? '' : ' hidden'}>`,
    showRecount ? escape(recount.badge) : '',
    `</span>`,
    `</div>`,
    `<table data-version="${model.version}">`,
    `<caption>${escape(contest.name)}</caption>`,
    `<thead><tr><th scope="col">Candidate</th><th scope="col">Party</th><th scope="col" class="num">Votes</th><th scope="col" class="num">Share</th></tr></thead>`,
    `<tbody>${rows}</tbody>`,
    `<tfoot><tr><th scope="row">Total</th><td></td><td class="num" data-field="total">${numbers.format(contest.totalVotes)}</td><td></td></tr></tfoot>`,
    `</table>`,
    `<p class="status" data-field="reporting">${numbers.format(contest.precinctsReporting)} of ${numbers.format(contest.precinctsTotal)} precincts reporting`,
    reportingPct === null ? '' : ` (${reportingPct.toFixed(1)}%)`,
    `. ${model.status === 'certified' ? 'Certified' : 'Unofficial'} results, updated <time datetime="${escape(model.updatedAt)}">${escape(model.updatedAt.replace('T', ' ').slice(0, 16))} UTC</time>.</p>`,
  ].join('');
}

/** The whole embeddable page around the fragment. */
export function renderEmbedPage(model: EmbedModel, scriptPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(model.contest.name)} – ${escape(model.electionName)}</title>
<style>${EMBED_CSS}</style>
</head>
<body>
<main id="canvass-embed" data-election="${escape(model.electionId)}" data-contest="${escape(model.contest.id)}" data-version="${model.version}">
<h1>${escape(model.contest.name)} <small>${escape(model.electionName)}</small></h1>
<div id="embed-body" aria-live="polite">${renderEmbedFragment(model)}</div>
<p class="source">Source: <a href="/" target="_blank" rel="noopener">official results</a> · <a href="/api/elections/${encodeURIComponent(model.electionId)}/contests/${encodeURIComponent(model.contest.id)}" target="_blank" rel="noopener">data</a></p>
</main>
<script src="${escape(scriptPath)}" defer></script>
</body>
</html>
`;
}

const EMBED_CSS = `
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
main{padding:8px 10px}
h1{font-size:16px;margin:0 0 6px}
h1 small{font-weight:normal;color:#555;font-size:12px;margin-left:4px}
table{border-collapse:collapse;width:100%}
caption{position:absolute;left:-9999px}
th,td{padding:4px 6px;border-bottom:1px solid #e3e3e3;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}
tfoot th,tfoot td{border-bottom:0;color:#555}
tr.winner th{font-weight:700}
.check{color:#0a7d32}
.badges{display:flex;gap:6px;flex-wrap:wrap;margin-bottom:6px}
.badge{display:inline-block;border-radius:3px;padding:1px 6px;font-size:12px;background:#eef2f7}
.badge.call{background:#0a7d32;color:#fff}
.badge.recount.triggered{background:#b35c00;color:#fff}
.badge[hidden]{display:none}
.status,.source{color:#555;font-size:12px;margin:6px 0 0}
`;

function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
