// Child process of bench/ingest/run.ts: imports one file into a fresh SQLite store and prints
// its own wall time and peak resident memory as JSON, so the parent measures only the import.
import { importFile, openSqliteStore } from '@canvass/server';

const [path, dbPath] = process.argv.slice(2);
if (path === undefined || dbPath === undefined) throw new Error('usage: run-import.ts FILE DB');
const started = process.hrtime.bigint();
const store = await openSqliteStore(dbPath);
const outcome = await importFile({
  store,
  path,
  electionId: 'national-bench',
  submittedBy: 'bench',
});
await store.close();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(
  JSON.stringify({
    status: outcome.status,
    errors: outcome.status === 'rejected' ? outcome.errors.slice(0, 5) : [],
    rows: outcome.status === 'accepted' ? outcome.submission.rows : null,
    counts: outcome.status === 'accepted' ? outcome.submission.counts : null,
    seconds,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
