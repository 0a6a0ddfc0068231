import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { resultsDocument, type ElectionDefinition } from '@canvass/core';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts } from '../auth/accounts.ts';
import { createApp } from '../http/app.ts';
import { ResultsDocumentSchema } from '../http/schemas.ts';
import { LiveResults } from '../live/live-results.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { loadTally } from '../store/load-tally.ts';
import { submitCounts, temporaryStore } from '../testing/fixture-store.ts';
import { readRecountRules } from './recount-rules-file.ts';
import { withRecountSections } from './with-recount-sections.ts';

const built = buildDefinition({
  counties: { Autauga: ['P1', 'P2'], Baldwin: ['Q1'] },
  contests: [
    { name: 'UNITED STATES SENATOR', choices: ['Doug Jones', 'Roy S. Moore', 'Write-In*'] },
    { name: 'Mystery Board', choices: ['A', 'B'] },
  ],
});
// The Alabama 2017 certified totals, split over three precincts.
const definition: ElectionDefinition = {
  ...built,
  id: 'al-2017',
  state: 'AL',
  type: 'special-general',
  date: '2017-12-12',
};
const unknownType: ElectionDefinition = { ...built, id: 'other-2017', type: 'other', state: 'AL' };

let store: SqliteStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  await store.defineElection(definition);
  await store.defineElection(unknownType);
  const senate = 'UNITED STATES SENATOR';
  for (const target of [definition, unknownType]) {
    await submitCounts(store, target, [
      { unit: 'autauga/p1', contest: senate, target: 'Doug Jones', value: 600000 },
      { unit: 'baldwin/q1', contest: senate, target: 'Doug Jones', value: 73896 },
      { unit: 'autauga/p2', contest: senate, target: 'Roy S. Moore', value: 651972 },
      { unit: 'autauga/p2', contest: senate, target: 'Write-In', value: 22852 },
      { unit: 'autauga/p1', contest: 'Mystery Board', target: 'A', value: 30 },
      { unit: 'autauga/p1', contest: 'Mystery Board', target: 'B', value: 29 },
    ]);
  }
  app = createApp({
    store,
    live: await LiveResults.load(store),
    logger: pino({ level: 'silent' }),
    adminToken: 'token',
    accounts: new Accounts(store.database),
  });
});
after(async () => {
  await dispose();
});

describe('recount section in the results documents', () => {
  it('every contest of /results has one; Alabama 2017 is outside the 0.5% margin', async () => {
    const response = await app.request('/api/elections/al-2017/results');
    assert.equal(response.status, 200);
    const document = ResultsDocumentSchema.parse(await response.json());
    const [senate, board] = document.contests;
    assert.ok(senate && board);
    assert.equal(senate.recount.status, 'evaluated');
    assert.equal(senate.recount.officeScope, 'us-senate');
    assert.equal(senate.recount.electionType, 'special-general');
    assert.equal(senate.recount.badge, 'Outside the automatic-recount margin: 1.63% > 0.5%');
    assert.deepEqual(
      {
        triggered: senate.recount.check?.automatic.triggered,
        margin: senate.recount.check?.automatic.marginVotes,
        threshold: senate.recount.check?.automatic.thresholdVotes,
        citation: senate.recount.check?.automatic.citation,
        requested: senate.recount.check?.requested.available,
      },
      {
        triggered: false,
        margin: 21924,
        threshold: 6743,
        citation: 'Ala. Code § 17-16-20',
        // § 17-16-21 contests cover the offices of § 17-16-40, which do not include Congress.
        requested: false,
      },
    );
    // On every unit but unnamed: it may be a congressional seat (no requested recount under
    // § 17-16-21) or a statewide office (one may be requested), so the answer is unknown.
    assert.equal(board.recount.status, 'unknown');
    assert.equal(board.recount.officeScopeFrom, 'units');
    assert.deepEqual(board.recount.officeScopesConsidered, [
      'president',
      'us-senate',
      'statewide',
      'judicial-statewide',
    ]);
    assert.match(board.recount.badge, /unknown the office's scope/);
  });

  it('the contest document carries it too, from the whole contest', async () => {
    const response = await app.request('/api/elections/al-2017/contests/united-states-senator');
    const body = (await response.json()) as { contests: { recount: { badge: string } }[] };
    assert.equal(
      body.contests[0]?.recount.badge,
      'Outside the automatic-recount margin: 1.63% > 0.5%',
    );
  });

  it('an election type the laws do not name is reported as unknown', async () => {
    const response = await app.request('/api/elections/other-2017/results');
    const document = ResultsDocumentSchema.parse(await response.json());
    const senate = document.contests[0];
    assert.equal(senate?.recount.status, 'unknown');
    assert.equal(senate.recount.check, null);
    assert.match(senate.recount.badge, /^Recount law not checked: unknown the election type/);
  });

  it('results are still served when the rules file cannot be read, and the section says so', async () => {
    const loaded = await loadTally(store, 'al-2017');
    assert.ok(loaded);
    const document = resultsDocument(loaded.tally, loaded.definitionHash);
    const broken = withRecountSections(definition, document.contests, () =>
      readRecountRules(new URL('./no-such-rules.json', import.meta.url)),
    );
    assert.equal(broken.length, 2);
    assert.equal(broken[0]?.recount.status, 'unknown');
    assert.equal(
      broken[0].recount.badge,
      'Recount law not checked: the recount rules could not be read',
    );
    assert.match(broken[0].recount.unknown[0] ?? '', /no-such-rules\.json: cannot read/);
    assert.throws(
      () =>
        withRecountSections(definition, document.contests, () => {
          throw new TypeError('a bug');
        }),
      TypeError,
    );
  });
});
