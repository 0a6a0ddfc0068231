import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts } from '../auth/accounts.ts';
import { createApp } from '../http/app.ts';
import { importStream } from '../ingest/import-stream.ts';
import { verifyElection } from '../ledger/verify-election.ts';
import { LiveResults } from '../live/live-results.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { storeEngines } from '../testing/store-engines.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const ELECTION = definition.id;
const HEADER = 'county,precinct,office,district,party,candidate,votes\n';

function csv(rows: readonly (readonly [string, string, string, number])[]): string {
  return (
    HEADER +
    rows
      .map(
        ([county, precinct, candidate, votes]) =>
          `${county},${precinct},Mayor,,,${candidate},${votes}\n`,
      )
      .join('')
  );
}

for (const engine of storeEngines()) {
  describe(`reconciliation gate (${engine.name})`, () => {
    let store: KyselyStore;
    let app: ReturnType<typeof createApp>;
    const tokens: Record<'sos' | 'deputy' | 'clerk', string> = { sos: '', deputy: '', clerk: '' };

    before(async () => {
      store = await engine.open();
      const accounts = new Accounts(store.database);
      await accounts.addUser({
        name: 'sos',
        role: 'state-admin',
        password: 'correct horse battery',
      });
      await accounts.addUser({
        name: 'deputy',
        role: 'state-admin',
        password: 'battery staple horse',
      });
      await accounts.addUser({ name: 'adams-clerk', role: 'county-official', counties: ['Adams'] });
      tokens.sos = (await accounts.createToken('sos', 'ops')).token;
      tokens.deputy = (await accounts.createToken('deputy', 'ops')).token;
      tokens.clerk = (await accounts.createToken('adams-clerk', 'upload')).token;
      await store.defineElection(definition);
      app = createApp({
        store,
        live: await LiveResults.load(store),
        logger: pino({ level: 'silent' }),
        adminToken: null,
        accounts,
      });
    });
    after(async () => {
      await store.close();
      await engine.cleanup();
    });

    const submit = (who: keyof typeof tokens, body: string, query = '') =>
      app.request(`/api/elections/${ELECTION}/submissions${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'text/csv' },
        body,
      });
    const post = (who: keyof typeof tokens, path: string, body: unknown) =>
      app.request(`/api/elections/${ELECTION}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const adaInP1 = async (): Promise<number | undefined> => {
      const results = (await (await app.request(`/api/elections/${ELECTION}/results`)).json()) as {
        contests: { choices: { name: string; votes: number }[] }[];
      };
      return results.contests[0]?.choices.find((choice) => choice.name === 'Ada')?.votes;
    };
    const kinds = async () => (await store.listLedger(ELECTION)).map((record) => record.kind);
    const verified = async () => (await verifyElection(store, ELECTION)).problems;

    it('accepts a first report and an increase directly', async () => {
      assert.equal(
        (
          await submit(
            'clerk',
            csv([
              ['Adams', 'P1', 'Ada', 100],
              ['Adams', 'P1', 'Ben', 80],
            ]),
          )
        ).status,
        201,
      );
      assert.equal(
        (
          await submit(
            'clerk',
            csv([
              ['Adams', 'P1', 'Ada', 120],
              ['Adams', 'P1', 'Ben', 80],
            ]),
          )
        ).status,
        201,
      );
      assert.equal(await adaInP1(), 120);
    });

    it('holds an update that lowers a count, stores no counts from it, and records the hold', async () => {
      const before = (await store.listSubmissions(ELECTION)).length;
      const response = await submit(
        'clerk',
        csv([
          ['Adams', 'P1', 'Ada', 110],
          ['Adams', 'P1', 'Ben', 80],
        ]),
      );
      assert.equal(response.status, 202);
      const body = (await response.json()) as {
        status: string;
        held: { id: number; reasons: { code: string; message: string }[] };
      };
      assert.equal(body.status, 'held');
      assert.equal(body.held.reasons[0]?.code, 'lowered-count');
      assert.match(
        body.held.reasons.map((reason) => reason.message).join(' '),
        /Ada would go from 120 to 110/,
      );
      assert.equal((await store.listSubmissions(ELECTION)).length, before);
      assert.equal(await adaInP1(), 120);
      assert.equal((await kinds()).at(-1), 'submission-held');
      assert.deepEqual(await verified(), []);
    });

    it('lets only a state administrator list held updates', async () => {
      assert.equal(
        (
          await app.request(`/api/elections/${ELECTION}/held`, {
            headers: { authorization: `Bearer ${tokens.clerk}` },
          })
        ).status,
        403,
      );
      const listed = (await (
        await app.request(`/api/elections/${ELECTION}/held?status=held`, {
          headers: { authorization: `Bearer ${tokens.sos}` },
        })
      ).json()) as { id: number; submittedBy: string }[];
      assert.equal(listed.length, 1);
      assert.equal(listed[0]?.submittedBy, 'adams-clerk');
    });

    it('applies a held update when a second person approves it, with both records in the ledger', async () => {
      const [held] = (await (
        await app.request(`/api/elections/${ELECTION}/held?status=held`, {
          headers: { authorization: `Bearer ${tokens.sos}` },
        })
      ).json()) as { id: number }[];
      assert.ok(held);
      const approved = await post('sos', `/held/${held.id}/approve`, {
        reason: 'county confirmed the recount',
      });
      assert.equal(approved.status, 200);
      assert.equal(await adaInP1(), 110);
      assert.deepEqual((await kinds()).slice(-2), ['submission-accepted', 'held-approved']);
      const again = await post('deputy', `/held/${held.id}/approve`, {});
      assert.equal(again.status, 409);
      assert.deepEqual(await verified(), []);
    });

    it('refuses to let the submitter approve their own held update', async () => {
      const response = await submit(
        'sos',
        csv([
          ['Adams', 'P1', 'Ada', 105],
          ['Adams', 'P1', 'Ben', 80],
        ]),
      );
      assert.equal(response.status, 202);
      const { held } = (await response.json()) as { held: { id: number } };
      const own = await post('sos', `/held/${held.id}/approve`, {});
      assert.equal(own.status, 403);
      assert.match(
        ((await own.json()) as { error: { message: string } }).error.message,
        /second person/,
      );
      assert.equal(await adaInP1(), 110);
      assert.equal((await post('deputy', `/held/${held.id}/reject`, {})).status, 400);
      const rejected = await post('deputy', `/held/${held.id}/reject`, {
        reason: 'typo in the county file',
      });
      assert.equal(rejected.status, 200);
      assert.equal(
        ((await rejected.json()) as { held: { status: string } }).held.status,
        'rejected',
      );
      assert.equal((await post('sos', `/held/${held.id}/approve`, {})).status, 409);
      assert.equal(await adaInP1(), 110);
      assert.equal((await kinds()).at(-1), 'held-rejected');
      assert.deepEqual(await verified(), []);
    });

    it('accepts a lowering sent as a correction with a reason, recording the reason', async () => {
      assert.equal(
        (await submit('clerk', csv([['Adams', 'P1', 'Ada', 90]]), '?correction=')).status,
        400,
      );
      const response = await submit(
        'clerk',
        csv([
          ['Adams', 'P1', 'Ada', 90],
          ['Adams', 'P1', 'Ben', 80],
        ]),
        '?correction=precinct%20P1%20double-counted%20a%20batch',
      );
      assert.equal(response.status, 201);
      assert.equal(await adaInP1(), 90);
      const last = (await store.listLedger(ELECTION)).at(-1);
      assert.equal(last?.kind, 'correction');
      assert.equal(last.payload['reason'], 'precinct P1 double-counted a batch');
      assert.deepEqual(await verified(), []);
    });

    it('answers an out-of-scope lowering with 403 and keeps nothing of it', async () => {
      const heldBefore = (
        await store.database.selectFrom('held_submissions').select('id').execute()
      ).length;
      const ledgerBefore = (await kinds()).length;
      const response = await submit(
        'clerk',
        csv([
          ['Adams', 'P1', 'Ada', 10],
          ['Baker', 'Q1', 'Ben', 1],
        ]),
      );
      assert.equal(response.status, 403);
      assert.equal(
        (await store.database.selectFrom('held_submissions').select('id').execute()).length,
        heldBefore,
      );
      assert.equal((await kinds()).length, ledgerBefore);
    });

    it('holds an update whose ballots cast exceed its registered voters', async () => {
      const body = `${HEADER}Adams,P2,Registered Voters,,,,100\nAdams,P2,Ballots Cast,,,,150\nAdams,P2,Mayor,,,Ada,90\nAdams,P2,Mayor,,,Ben,60\n`;
      const response = await submit('clerk', body);
      assert.equal(response.status, 202);
      const { held } = (await response.json()) as { held: { reasons: { code: string }[] } };
      assert.deepEqual(
        held.reasons.map((reason) => reason.code),
        ['ballots-exceed-registered'],
      );
    });

    it('makes verify report a lowering that went past the gate, and a held row changed in the database', async () => {
      // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk source
      async function* bytes() {
        yield Buffer.from(
          csv([
            ['Adams', 'P1', 'Ada', 1],
            ['Adams', 'P1', 'Ben', 80],
          ]),
        );
      }
      const outcome = await importStream({
        store,
        source: { kind: 'bytes', bytes: bytes() },
        sourceName: 'direct.csv',
        electionId: ELECTION,
        submittedBy: 'operator',
      });
      assert.equal(outcome.status, 'accepted');
      await store.database
        .updateTable('held_submissions')
        .set({ status: 'approved' })
        .where('status', '=', 'held')
        .execute();
      const messages = (await verified())
        .filter((problem) => problem.check === 'gate')
        .map((problem) => problem.message);
      assert.equal(messages.length, 2, messages.join('\n'));
      assert.ok(
        messages.some((message) =>
          /went past the gate without a correction or an approval: Adams-P1|went past the gate/.test(
            message,
          ),
        ),
      );
      assert.ok(
        messages.some((message) => /approved in the database but held in the ledger/.test(message)),
      );
    });
  });
}
