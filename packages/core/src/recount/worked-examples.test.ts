import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateRecount } from './evaluate-recount.ts';
import { parseRecountRules } from './parse-recount-rules.ts';
import type { RecountInput } from './recount-input.ts';
import type { RecountEvaluation } from './recount-evaluation.ts';
import { formatRecountBadge } from './recount-badge.ts';
import { recountCheckJson } from './recount-check-json.ts';

const parsed = parseRecountRules(
  JSON.parse(
    readFileSync(new URL('../../../../data/recount/recount-rules.json', import.meta.url), 'utf8'),
  ),
);
assert.ok(parsed.ok);
const rules = parsed.value;

function evaluate(input: RecountInput): RecountEvaluation {
  const result = evaluateRecount(rules, input);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value;
}

describe('worked examples from recount.md', () => {
  test('Alabama 2017 U.S. Senate special: no automatic recount, threshold 6,743 votes', () => {
    const result = evaluate({
      state: 'AL',
      electionType: 'special-general',
      scope: 'us-senate',
      kind: 'candidate',
      seats: 1,
      choices: [
        { id: 'jones', votes: 673_896 },
        { id: 'moore', votes: 651_972 },
        { id: 'write-in', votes: 22_852, isWriteIn: true },
      ],
    });
    // § 17-16-20(a): "defeated ... by not more than one half of one percent of the votes cast for
    // the office". Votes cast for the office include the counted write-ins: 1,348,720. Half of
    // one percent of that is 6,743.6 votes. "Not more than 6,743.6" admits 6,743 and refuses
    // 6,744 (6,744 > 6,743.6), so the largest margin that triggers is 6,743, not 6,744: rounding
    // 6,743.6 to the nearest vote would wrongly put a 6,744-vote margin within the statute.
    assert.equal(result.margin.marginVotes, 21_924);
    assert.equal(result.margin.totalVotes, 1_348_720);
    assert.equal(result.automatic.applies, true);
    assert.equal(result.automatic.triggered, false);
    assert.equal(result.automatic.thresholdVotes, 6_743);
    assert.equal(result.automatic.distanceVotes, 21_924 - 6_743);
    assert.equal(result.automatic.citation, 'Ala. Code § 17-16-20');
    assert.equal(result.automatic.confidence, 'verified_statute');
    assert.equal(result.automatic.uncertain, false);
    assert.equal(formatRecountBadge(result), 'Outside the automatic-recount margin: 1.63% > 0.5%');
    // Congress is not among the offices of § 17-16-40, so no requested recount either.
    assert.equal(result.requested.available, false);
    assert.equal(result.requested.triggered, false);
  });

  test('Alabama: a margin of 6,743 of the same total would have triggered, 6,744 would not', () => {
    const at = (margin: number) =>
      evaluate({
        state: 'AL',
        electionType: 'general',
        scope: 'us-senate',
        kind: 'candidate',
        seats: 1,
        choices: [
          { id: 'a', votes: (1_348_720 - 22_852 + margin) / 2 },
          { id: 'b', votes: (1_348_720 - 22_852 - margin) / 2 },
          { id: 'write-in', votes: 22_852, isWriteIn: true },
        ],
      }).automatic;
    // Margins of the same parity as the total keep 1,348,720 votes: 6,742 is in, 6,744 is out.
    assert.equal(at(6_742).triggered, true);
    assert.equal(at(6_742).thresholdVotes, 6_743);
    assert.equal(at(6_744).triggered, false);
  });

  test('Alabama primaries have no automatic recount (AGO 2010-72)', () => {
    const result = evaluate({
      state: 'AL',
      electionType: 'primary',
      scope: 'us-senate',
      kind: 'candidate',
      seats: 1,
      choices: [
        { id: 'a', votes: 1000 },
        { id: 'b', votes: 999 },
      ],
    });
    assert.equal(result.automatic.applies, false);
    assert.equal(result.automatic.triggered, false);
  });

  test('Georgia 2020 President: no automatic recount; the runner-up may request one', () => {
    // The data gives the hand-audit tally (the certified total was not read): Biden 2,475,141,
    // Trump 2,462,857, Jorgensen 62,138.
    const result = evaluate({
      state: 'GA',
      electionType: 'general',
      scope: 'president',
      kind: 'candidate',
      seats: 1,
      choices: [
        { id: 'biden', votes: 2_475_141 },
        { id: 'trump', votes: 2_462_857 },
        { id: 'jorgensen', votes: 62_138 },
      ],
    });
    assert.equal(result.margin.marginVotes, 12_284);
    assert.equal(result.automatic.applies, false);
    assert.equal(result.automatic.triggered, false);
    assert.equal(result.requested.available, true);
    assert.equal(result.requested.triggered, true);
    // not more than 0.5% of 5,000,136 = 25,000.68 votes
    assert.equal(result.requested.thresholdVotes, 25_000);
    assert.match(result.requested.citation ?? '', /21-2-495/);
    assert.equal(formatRecountBadge(result), 'No automatic recount; a recount may be requested');
  });

  test('Wisconsin 2016 President: no automatic recount; under today’s law Clinton may ask, at her cost', () => {
    // The data gives the office total only as about 2,976,000; the rest of it (Stein and
    // others) is one unranked line. The margin is far from both thresholds, so the
    // approximation cannot change the outcome.
    const result = evaluate({
      state: 'WI',
      electionType: 'general',
      scope: 'president',
      kind: 'candidate',
      seats: 1,
      choices: [
        { id: 'trump', votes: 1_404_440 },
        { id: 'clinton', votes: 1_381_823 },
        { id: 'others', votes: 2_976_000 - 1_404_440 - 1_381_823, isWriteIn: true },
      ],
    });
    assert.equal(result.margin.marginVotes, 22_617);
    assert.equal(result.automatic.applies, false);
    assert.equal(result.requested.triggered, true); // 0.76% <= 1%
    assert.equal(result.requested.thresholdVotes, 29_760);
    assert.equal(result.requested.publicCost, false); // > 0.25% (7,440 votes): the petitioner pays
  });

  test('Minnesota 2008 U.S. Senate: automatic recount under the 2008 statute', () => {
    const choices = [
      { id: 'coleman', votes: 1_211_590 },
      { id: 'franken', votes: 1_211_375 },
      // The rest of the 2,883,137 votes (Barkley and others), one line.
      { id: 'others', votes: 2_883_137 - 1_211_590 - 1_211_375 },
    ];
    const input = {
      state: 'MN',
      electionType: 'general',
      scope: 'us-senate',
      kind: 'candidate',
      seats: 1,
      choices,
    } as const;
    const then = evaluate({ ...input, electionYear: 2008 });
    assert.equal(then.margin.marginVotes, 215);
    assert.equal(then.automatic.applies, true);
    assert.equal(then.automatic.triggered, true);
    // less than 0.5% of 2,883,137 = 14,415.685: the largest margin strictly below is 14,415
    assert.equal(then.automatic.thresholdVotes, 14_415);
    assert.equal(
      formatRecountBadge(then).startsWith(
        'Within the automatic-recount margin (under 0.5%): automatic recount',
      ),
      true,
    );
    // Today the same result is a publicly funded recount only if the losing candidate asks.
    const now = evaluate(input);
    assert.equal(now.automatic.applies, false);
    assert.equal(now.requested.available, true);
    assert.equal(now.requested.triggered, true);
    assert.equal(now.requested.publicCost, true);
    assert.equal(now.requested.publicCostThresholdVotes, 7_207); // < 0.25% of 2,883,137 = 7,207.84
  });

  test('Delaware 2024 House District 36 Republican primary: 12 votes, no recount (threshold 11)', () => {
    const result = evaluate({
      state: 'DE',
      electionType: 'primary',
      scope: 'state-house',
      kind: 'candidate',
      seats: 1,
      choices: [
        { id: 'shupe', votes: 1_157 },
        { id: 'smith', votes: 1_145 },
      ],
    });
    assert.equal(result.automatic.applies, true);
    assert.equal(result.automatic.triggered, false);
    // less than the lesser of 1,000 votes and 0.5% of 2,302 (11.51): at most 11
    assert.equal(result.automatic.thresholdVotes, 11);
    assert.equal(result.automatic.distanceVotes, 1);
    assert.equal(result.automatic.uncertain, true); // the data rates Delaware's law uncertain
    assert.equal(result.requested.available, false); // requests are for statewide general contests only
    assert.equal(
      formatRecountBadge(result),
      'Outside the automatic-recount margin: 0.52% > 0.5% (rule uncertain: check the statute)',
    );
  });

  test('Ohio Secretary of State illustration: A-B 30 votes is within 0.5% of 8,455', () => {
    const result = evaluate({
      state: 'OH',
      electionType: 'general',
      scope: 'county',
      kind: 'candidate',
      seats: 1,
      choices: [
        { id: 'a', votes: 2_845 },
        { id: 'b', votes: 2_815 },
        { id: 'c', votes: 2_795 },
      ],
    });
    assert.equal(result.automatic.triggered, true);
    assert.equal(result.automatic.thresholdVotes, 42); // less than 42.275
    const json = recountCheckJson(result);
    assert.equal(json.automatic.triggered, true);
    assert.equal(json.automatic.marginVotes, 30);
    assert.equal(json.automatic.citation, 'R.C. § 3515.011');
    assert.doesNotThrow(() => JSON.stringify(json));
  });
});
