import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { pino } from 'pino';
import { decodeUtf8, importOpenElections, type ElectionDefinition } from '@canvass/core';
import { createApp } from '../http/app.ts';
import { importFile } from '../ingest/import-file.ts';
import { LiveResults } from '../live/live-results.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import { mutateCsv, mutateJson, seededRandom, type Mutation } from './mutators.ts';

const AL_2017 = fileURLToPath(
  new URL('../../../../data/20171212__al__special__general__precinct.csv', import.meta.url),
);
const ELECTION = '2017-12-12-al-special-general';
const SEED = Number(process.env['FUZZ_SEED'] ?? 20171212);
/** Each part stops at whichever comes first: this many cases or its share of the time budget. */
const CASES = Number(process.env['FUZZ_CASES'] ?? 50_000);
/** The whole run's budget: about a third for the parser, the rest for the API. */
const BUDGET_MS = Number(process.env['FUZZ_MS'] ?? 20_000);
const PARSER_MS = Math.round(BUDGET_MS * 0.35);
const API_MS = BUDGET_MS - PARSER_MS;
/** Cases run by each part, for the total printed at the end. */
const ran = { parser: 0, api: 0 };
const TOKEN = 'fuzz-admin-token';

/** One county of the real file, every count one higher: a valid, non-lowering update. */
function countyFile(county: string): string {
  const lines = readFileSync(AL_2017, 'utf8').split('\n');
  // The county's first rows: a real, small file keeps each case fast, so thousands fit.
  const rows = lines.filter((line) => line.startsWith(`${county},`)).slice(0, 60);
  return [
    lines[0],
    ...rows.map((line) =>
      line.replace(/,([0-9.]+)$/, (_, votes: string) => `,${Number(votes) + 1}`),
    ),
  ].join('\n');
}

// eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk source
async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

let store: SqliteStore;
let dispose: () => Promise<void>;
let definition: ElectionDefinition;
const base = countyFile('Bullock');

before(async () => {
  ({ store, dispose } = await temporaryStore());
  assert.equal(
    (await importFile({ store, path: AL_2017, submittedBy: 'state' })).status,
    'accepted',
  );
  const election = await store.getElection(ELECTION);
  const stored = election === null ? null : await store.getDefinition(election.definitionHash);
  assert.ok(stored !== null);
  definition = stored;
});
after(async () => {
  await dispose();
});

describe('fuzzing submissions with mutated Alabama files and JSON bodies', () => {
  it('parses every mutated file to counts that are whole and non-negative, or to located errors', async () => {
    const random = seededRandom(SEED);
    const started = Date.now();
    let cases = 0;
    let rejected = 0;
    for (; cases < CASES && Date.now() - started < PARSER_MS; cases++) {
      const mutation = mutateCsv(base, random);
      const values: number[] = [];
      const result = await importOpenElections(
        decodeUtf8(once(mutation.bytes), 'fuzz.csv'),
        {
          file: 'fuzz.csv',
          definition,
          election: {
            id: ELECTION,
            name: ELECTION,
            date: definition.date,
            state: 'AL',
            type: 'general',
          },
          onDuplicate: 'error',
          onCountyTotal: 'error',
        },
        {
          counts: (batch) => {
            for (let i = 0; i < batch.length; i++) values.push(batch.value[i] ?? Number.NaN);
          },
          facts: (records) => {
            for (const record of records) values.push(record.value);
          },
        },
      ).catch((error: unknown) => {
        assert.fail(`case ${cases} (${mutation.name}) threw: ${String(error)}`);
      });
      if (result.ok) {
        for (const value of values)
          assert.ok(
            Number.isSafeInteger(value) && value >= 0,
            `case ${cases} (${mutation.name}) gave count ${value}`,
          );
      } else {
        rejected++;
        assert.ok(
          result.errors.length > 0,
          `case ${cases} (${mutation.name}) failed without an error`,
        );
        for (const error of result.errors) {
          assert.equal(error.file, 'fuzz.csv');
          assert.ok(
            error.reason.length > 0 && error.code.length > 0,
            `case ${cases}: ${JSON.stringify(error)}`,
          );
        }
      }
    }
    assert.ok(cases >= 200, `only ${cases} cases ran`);
    assert.ok(rejected > cases / 4, `${rejected} of ${cases} rejected`);
    ran.parser = cases;
    process.stdout.write(`# fuzz parser: ${cases} cases, ${rejected} rejected, seed ${SEED}\n`);
  });

  it('answers every mutated submission over the API with a clear status, never a crash, and changes nothing when refusing', async () => {
    const app = createApp({
      store,
      live: await LiveResults.load(store),
      logger: pino({ level: 'silent' }),
      accounts: null,
      adminToken: TOKEN,
    });
    const jsonRows = base
      .split('\n')
      .slice(1, 40)
      .map((line) => {
        const [county, precinct, office, district, party, candidate, votes] = line.split(',');
        return { county, precinct, office, district, party, candidate, votes: Number(votes) };
      });
    // Every table a submission writes, counted in one query (cheap enough to run twice a case).
    const snapshot = async () =>
      (
        await sql<Record<string, number>>`select
          (select count(*) from submissions) as submissions,
          (select count(*) from ledger) as ledger,
          (select count(*) from held_submissions) as held,
          (select count(*) from counts) as counts,
          (select count(*) from facts) as facts,
          (select count(*) from sources) as sources,
          (select count(*) from definitions) as definitions,
          (select coalesce(sum(version), 0) from elections) as versions`.execute(store.database)
      ).rows[0];
    const random = seededRandom(SEED + 1);
    const started = Date.now();
    const statuses = new Map<number, number>();
    let cases = 0;
    for (; cases < CASES && Date.now() - started < API_MS; cases++) {
      const json = random() < 0.4;
      const mutation: Mutation = json ? mutateJson(jsonRows, random) : mutateCsv(base, random);
      const before = await snapshot();
      const response = await app.request(
        `/api/elections/${ELECTION}/submissions?filename=fuzz.csv`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TOKEN}`,
            'content-type': json ? 'application/json' : 'text/csv',
          },
          body: mutation.bytes,
        },
      );
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const label = `case ${cases} (${mutation.name}, seed ${SEED + 1})`;
      const body = (await response.json()) as {
        status?: string;
        error?: {
          code: string;
          message: string;
          details?: { errors?: { reason: string; line: number | null }[] };
        };
      };
      assert.ok(
        [200, 201, 202, 400, 403, 413, 422].includes(response.status),
        `${label}: status ${response.status} ${JSON.stringify(body).slice(0, 300)}`,
      );
      if (response.status >= 400) {
        assert.ok(
          body.error !== undefined && body.error.message.length > 0,
          `${label}: no error message`,
        );
        if (response.status === 422)
          assert.ok(
            (body.error.details?.errors ?? []).every((error) => error.reason.length > 0),
            label,
          );
        assert.deepEqual(
          await snapshot(),
          before,
          `${label}: a refused submission changed the store`,
        );
      }
    }
    assert.ok(cases >= 100, `only ${cases} cases ran`);
    assert.equal(statuses.get(500), undefined);
    process.stdout.write(
      `# fuzz API: ${cases} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    // Whatever was accepted along the way, the ledger still verifies.
    const { verifyElection } = await import('../ledger/verify-election.ts');
    assert.deepEqual((await verifyElection(store, ELECTION)).problems, []);
    ran.api = cases;
    process.stdout.write(
      `# fuzz total: ${ran.parser + ran.api} cases (${ran.parser} parser, ${ran.api} API) in a ${BUDGET_MS} ms budget\n`,
    );
  });
});
