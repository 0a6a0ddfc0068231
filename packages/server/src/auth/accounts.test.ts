import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { temporaryStore } from '../testing/fixture-store.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { AccountError, Accounts } from './accounts.ts';

let store: SqliteStore;
let dispose: () => Promise<void>;
let accounts: Accounts;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  accounts = new Accounts(store.database);
});
after(async () => {
  await dispose();
});

describe('Accounts', () => {
  it('issues a token once, stores only its scrypt hash, and authenticates it', async () => {
    await accounts.addUser({
      name: 'jefferson-clerk',
      role: 'county-official',
      counties: ['Jefferson'],
    });
    const { token, record } = await accounts.createToken('jefferson-clerk', 'tabulator upload');
    assert.match(token, /^cvs_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    const stored = await store.database
      .selectFrom('tokens')
      .selectAll()
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    assert.ok(stored.secret_hash.startsWith('scrypt$'));
    assert.ok(!stored.secret_hash.includes(token.split('_')[2] ?? 'x'));
    const principal = await accounts.authenticateToken(token);
    assert.equal(principal?.name, 'jefferson-clerk');
    assert.deepEqual(principal.counties, ['jefferson']);
    assert.equal(await accounts.authenticateToken(`${token.slice(0, -1)}x`), null);
  });

  it('stops honouring a revoked token at once', async () => {
    await accounts.addUser({ name: 'partner-desk', role: 'partner' });
    const { token, record } = await accounts.createToken('partner-desk', 'feed');
    assert.ok((await accounts.authenticateToken(token)) !== null);
    assert.equal(await accounts.revokeToken(record.id), true);
    assert.equal(await accounts.authenticateToken(token), null);
  });

  it('signs in with a password into a session, and revoking the user ends it', async () => {
    await accounts.addUser({
      name: 'state-admin',
      role: 'state-admin',
      password: 'a long enough password',
    });
    assert.equal(await accounts.signIn('state-admin', 'wrong password here'), null);
    assert.equal(await accounts.signIn('nobody', 'a long enough password'), null);
    const signedIn = await accounts.signIn('state-admin', 'a long enough password');
    assert.ok(signedIn !== null);
    assert.equal((await accounts.session(signedIn.session))?.principal.role, 'state-admin');
    await accounts.revokeUser('state-admin');
    assert.equal(await accounts.session(signedIn.session), null);
  });

  it('refuses county officials without counties, duplicate names and bad names', async () => {
    await assert.rejects(
      accounts.addUser({ name: 'nocounty', role: 'county-official' }),
      AccountError,
    );
    await assert.rejects(
      accounts.addUser({ name: 'jefferson-clerk', role: 'auditor' }),
      /already exists/,
    );
    await assert.rejects(
      accounts.addUser({ name: 'bad name; drop table', role: 'auditor' }),
      AccountError,
    );
  });
});
