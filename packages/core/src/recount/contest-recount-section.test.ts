import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Contest } from '../model/contest.ts';
import type { ElectionDefinition } from '../model/election.ts';
import { buildDefinition } from '../testing/builders.ts';
import { contestRecountBasis } from './contest-recount-basis.ts';
import { contestRecountSection } from './contest-recount-section.ts';
import { parseRecountRules } from './parse-recount-rules.ts';

const parsed = parseRecountRules(
  JSON.parse(
    readFileSync(new URL('../../../../data/recount/recount-rules.json', import.meta.url), 'utf8'),
  ),
);
assert.ok(parsed.ok);
const rules = parsed.value;

const base = buildDefinition({
  counties: { Autauga: ['P1', 'P2'], Baldwin: ['Q1'] },
  contests: [
    { name: 'UNITED STATES SENATOR', choices: ['Doug Jones', 'Roy S. Moore', 'Write-In*'] },
    { name: 'County Commission District 2', choices: ['A', 'B'] },
    { name: 'Board Member', choices: ['C', 'D', 'E'], seats: 2 },
  ],
});
const alabama: ElectionDefinition = {
  ...base,
  state: 'AL',
  type: 'special-general',
  date: '2017-12-12',
};

function contest(definition: ElectionDefinition, index: number): Contest {
  const found = definition.contests[index];
  assert.ok(found);
  return found;
}

/** A definition whose contest `index` is a measure on the ballot in `units` only. */
function withMeasure(units: readonly string[] | null): ElectionDefinition {
  const senate = contest(alabama, 0);
  const measure: Contest = {
    ...senate,
    id: 'school-tax',
    name: '4 MILL SCHOOL TAX',
    office: '4 MILL SCHOOL TAX',
    kind: 'measure',
    choices: [
      { id: 'for', name: 'For', party: null, lines: [], isWriteIn: false },
      { id: 'against', name: 'Against', party: null, lines: [], isWriteIn: false },
    ],
    unitIds: units ?? senate.unitIds,
  };
  return { ...alabama, contests: [...alabama.contests, measure] };
}

const votes = (...pairs: [string, number, boolean?][]) =>
  pairs.map(([id, count, isWriteIn]) => ({ id, votes: count, isWriteIn: isWriteIn === true }));

describe('contestRecountBasis', () => {
  test('state and election type from the definition, scope from the office name', () => {
    const basis = contestRecountBasis(alabama, contest(alabama, 0));
    assert.deepEqual(basis, {
      state: 'AL',
      electionType: 'special-general',
      kind: 'candidate',
      seats: 1,
      year: 2017,
      officeScopes: ['us-senate'],
      officeScopeFrom: 'office-name',
    });
    assert.deepEqual(contestRecountBasis(alabama, contest(alabama, 1)).officeScopes, ['county']);
  });

  test('an unnamed office: statewide scopes when on every unit, district ones otherwise', () => {
    const everywhere = contestRecountBasis(alabama, contest(alabama, 2));
    assert.equal(everywhere.officeScopeFrom, 'units');
    assert.deepEqual(everywhere.officeScopes, [
      'president',
      'us-senate',
      'statewide',
      'judicial-statewide',
    ]);
    const board = { ...contest(alabama, 2), unitIds: ['autauga/p1'] };
    assert.ok(contestRecountBasis(alabama, board).officeScopes.includes('county'));
    assert.ok(!contestRecountBasis(alabama, board).officeScopes.includes('statewide'));
  });

  test('measures by where they are on the ballot; straight party is no recount contest', () => {
    const statewide = withMeasure(null);
    assert.deepEqual(contestRecountBasis(statewide, contest(statewide, 3)).officeScopes, [
      'statewide',
    ]);
    const local = withMeasure(['baldwin/q1']);
    assert.deepEqual(contestRecountBasis(local, contest(local, 3)).officeScopes, [
      'county',
      'municipal',
      'school-special-district',
      'other-district',
    ]);
    const party: Contest = { ...contest(alabama, 0), kind: 'straight-party' };
    assert.equal(contestRecountBasis(alabama, party).kind, null);
  });
});

describe('contestRecountSection', () => {
  const senate = contestRecountBasis(alabama, contest(alabama, 0));

  test('Alabama 2017: outside the automatic-recount margin, 1.63% > 0.5%', () => {
    const section = contestRecountSection(
      rules,
      senate,
      votes(['doug-jones', 673896], ['roy-s-moore', 651972], ['write-in', 22852, true]),
    );
    assert.equal(section.status, 'evaluated');
    assert.equal(section.officeScope, 'us-senate');
    assert.equal(section.badge, 'Outside the automatic-recount margin: 1.63% > 0.5%');
    assert.equal(section.check?.automatic.thresholdVotes, 6743);
    assert.equal(section.check.automatic.marginVotes, 21924);
    assert.equal(section.check.automatic.citation, 'Ala. Code § 17-16-20');
    assert.deepEqual(section.unknown, []);
  });

  test('within the margin: automatic recount', () => {
    const section = contestRecountSection(
      rules,
      senate,
      votes(['doug-jones', 667001], ['roy-s-moore', 660258], ['write-in', 21461, true]),
    );
    assert.equal(section.badge, 'Within the automatic-recount margin (0.5%): automatic recount');
    assert.equal(section.check?.automatic.triggered, true);
  });

  test('an unknown state or election type is said, not guessed', () => {
    const choices = votes(['a', 10], ['b', 9]);
    const noState = contestRecountSection(rules, { ...senate, state: null }, choices);
    assert.equal(noState.status, 'unknown');
    assert.equal(noState.check, null);
    assert.match(noState.badge, /^Recount law not checked: unknown the state/);
    const other = contestRecountSection(rules, { ...senate, electionType: null }, choices);
    assert.match(other.badge, /unknown the election type/);
    const nowhere = contestRecountSection(rules, { ...senate, state: 'XX' }, choices);
    assert.match(nowhere.unknown[0] ?? '', /recount law of XX/);
  });

  test('an inexact scope: the answer when every reading agrees, unknown when they differ', () => {
    const local = withMeasure(['baldwin/q1']);
    const measure = contestRecountSection(
      rules,
      contestRecountBasis(local, contest(local, 3)),
      votes(['for', 500], ['against', 499]),
    );
    // Alabama's automatic recount covers statewide measures only.
    assert.equal(measure.status, 'evaluated');
    assert.equal(measure.officeScope, null);
    assert.equal(measure.officeScopesConsidered.length, 4);
    assert.equal(measure.check?.automatic.applies, false);
    // Michigan: 25 votes for a state house seat, 75 for a state senate seat, 0.1% statewide.
    const michigan = { ...alabama, state: 'MI', type: 'general' as const, date: '2026-11-03' };
    const board = { ...contest(michigan, 2), seats: 1, unitIds: ['autauga/p1'] };
    const section = contestRecountSection(
      rules,
      contestRecountBasis(michigan, board),
      votes(['c', 1000], ['d', 950], ['e', 10]),
    );
    assert.equal(section.status, 'unknown');
    assert.match(section.badge, /office's scope/);
  });

  test('straight-party contests have no recount margin', () => {
    const party: Contest = { ...contest(alabama, 0), kind: 'straight-party' };
    const section = contestRecountSection(
      rules,
      contestRecountBasis(alabama, party),
      votes(['dem', 5], ['rep', 5]),
    );
    assert.equal(section.status, 'not-applicable');
    assert.equal(section.check, null);
  });
});
