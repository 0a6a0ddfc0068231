/**
 * The embed's script, served as `/embed/embed.js` (a file, so the page's CSP needs no inline
 * script). It follows the election's event stream from the version the page was rendered at,
 * re-fetches the fragment when this contest changes (and once a minute, for call and recount
 * badges), and tells the parent page its height so the iframe can fit it.
 */
export const EMBED_SCRIPT = `(() => {
  'use strict';
  const root = document.getElementById('canvass-embed');
  const body = document.getElementById('embed-body');
  if (root === null || body === null) return;
  const election = root.dataset.election;
  const contest = root.dataset.contest;
  const base = '/embed/' + encodeURIComponent(election) + '/' + encodeURIComponent(contest);
  let pending = null;
  const resize = () => {
    if (window.parent === window) return;
    window.parent.postMessage(
      { type: 'canvass-embed:height', election, contest, height: document.documentElement.scrollHeight },
      '*',
    );
  };
  const refresh = () => {
    if (pending !== null) return pending;
    pending = fetch(base + '?fragment=1', { cache: 'no-cache' })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html === null) return;
        body.innerHTML = html;
        const table = body.querySelector('table[data-version]');
        if (table !== null) root.dataset.version = table.dataset.version;
        resize();
      })
      .catch(() => undefined)
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  if (typeof EventSource === 'function') {
    const stream = new EventSource(
      '/api/elections/' + encodeURIComponent(election) + '/events?lastEventId=' + root.dataset.version,
    );
    stream.addEventListener('results', (message) => {
      const event = JSON.parse(message.data);
      if (Array.isArray(event.contests) && event.contests.includes(contest)) void refresh();
    });
    stream.addEventListener('call', (message) => {
      if (JSON.parse(message.data).contestId === contest) void refresh();
    });
  }
  setInterval(() => void refresh(), 60000);
  window.addEventListener('resize', resize);
  resize();
})();
`;
