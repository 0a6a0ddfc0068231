import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseRecountRules } from './parse-recount-rules.ts';
import type { RuleTest } from './rules-schema.ts';

const json: unknown = JSON.parse(
  readFileSync(new URL('../../../../data/recount/recount-rules.json', import.meta.url), 'utf8'),
);
const parsed = parseRecountRules(json);
assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.error.issues.slice(0, 5)));
const rules = parsed.value;

const ABBRS =
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  );

test('the shipped rules cover the 50 states and DC exactly once', () => {
  assert.deepEqual(rules.states.map((s) => s.abbr).sort(), [...ABBRS].sort());
});

test('the data records its corrections with a reason and a source', () => {
  assert.deepEqual(rules.corrections.map((c) => c.state).sort(), [
    'MN',
    'MN',
    'MN',
    'MN',
    'ND',
    'NH',
    'OH',
    'OR',
    'VA',
  ]);
  const mn = rules.states.find((s) => s.abbr === 'MN');
  assert.match(mn?.automatic.rules[2]?.integer_test ?? '', /T_office <= 400 and margin <= 10/);
});

function atoms(t: RuleTest): RuleTest[] {
  if ('all' in t) return t.all.flatMap(atoms);
  if ('any' in t) return t.any.flatMap(atoms);
  return [t];
}

test('each structured test uses the percentage, vote count and comparator of its rule', () => {
  for (const state of rules.states) {
    for (const side of ['automatic', 'requested'] as const) {
      state[side].rules.forEach((rule, index) => {
        const where = `${state.abbr} ${side} ${String(index)}`;
        if (rule.test === null) return;
        const found = atoms(rule.test);
        const pcts = found.flatMap((a) => ('pct' in a ? [a] : []));
        const votes = found.flatMap((a) => ('votes' in a ? [a.votes] : []));
        if (rule.pct !== null && rule.comparator !== '==' && !where.startsWith('IL')) {
          assert.ok(
            pcts.some((a) => a.pct === String(rule.pct)),
            `${where}: pct ${String(rule.pct)}`,
          );
        }
        if (rule.abs_votes !== null && rule.denominator !== null && !where.startsWith('UT')) {
          assert.ok(votes.includes(rule.abs_votes), `${where}: ${String(rule.abs_votes)} votes`);
        }
        if (rule.comparator === '<=' || rule.comparator === '<') {
          for (const atom of [...pcts, ...found.flatMap((a) => ('votes' in a ? [a] : []))]) {
            assert.equal(atom.cmp, rule.comparator, `${where}: comparator`);
          }
        }
      });
    }
  }
});

test('a broken document is refused with the path of each problem', () => {
  const broken = structuredClone(json) as {
    states: { abbr: string; automatic: { rules: { test: unknown }[] } }[];
  };
  const alabama = broken.states[0];
  assert.ok(alabama !== undefined);
  const rule = alabama.automatic.rules[0];
  assert.ok(rule !== undefined);
  rule.test = { pct: 'half', of: 'T_office', cmp: '<=' };
  const dc = broken.states.find((s) => s.abbr === 'DC');
  assert.ok(dc !== undefined);
  dc.abbr = 'AL';
  const result = parseRecountRules(broken);
  assert.ok(!result.ok);
  assert.equal(result.error.code, 'invalid-recount-rules');
  const paths = result.error.issues.map((i) => i.path);
  assert.ok(
    paths.some((p) => p.startsWith('states.0.automatic.rules.0.test')),
    paths.join(' | '),
  );
  assert.ok(paths.includes(`states.${String(broken.states.indexOf(dc))}.abbr`), paths.join(' | '));
  assert.equal(parseRecountRules('not json').ok, false);
});
