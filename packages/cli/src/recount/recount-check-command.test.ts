import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../testing/run-cli.ts';
import { parseVotesOption } from './parse-votes-option.ts';

const ALABAMA = 'Doug Jones=673896,Roy S. Moore=651972,Write-In=22852';
const check = (...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  runCli(['recount', 'check', ...extra]);

interface CheckJson {
  automatic: {
    triggered: boolean;
    marginVotes: number | null;
    thresholdVotes: number | null;
    distanceVotes: number | null;
    citation: string | null;
    confidence: string;
    ruleText: string | null;
    statuteQuote: string | null;
  };
  requested: { available: boolean; triggered: boolean; citation: string | null };
  margin: { lastWinner: string; firstLoser: string; totalVotes: number };
}

test('Alabama 2017 as JSON: no automatic recount, threshold 6,743 votes, statute cited', async () => {
  const run = await check(
    '--state',
    'AL',
    '--election',
    'general',
    '--office-scope',
    'statewide',
    '--votes',
    ALABAMA,
    '--seats',
    '1',
    '--json',
  );
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as CheckJson;
  assert.equal(json.automatic.triggered, false);
  assert.equal(json.automatic.marginVotes, 21924);
  assert.equal(json.automatic.thresholdVotes, 6743);
  assert.equal(json.automatic.distanceVotes, 21924 - 6743);
  assert.equal(json.automatic.citation, 'Ala. Code § 17-16-20');
  assert.equal(json.automatic.confidence, 'verified_statute');
  assert.match(json.automatic.statuteQuote ?? '', /not more than one half of one percent/);
  assert.match(json.automatic.ruleText ?? '', /General elections only/);
  assert.equal(json.requested.available, true);
  assert.equal(json.requested.triggered, true);
  assert.match(json.requested.citation ?? '', /17-16-21/);
  // The write-in line counts towards the total but is never the runner-up.
  assert.equal(json.margin.firstLoser, 'Roy S. Moore');
  assert.equal(json.margin.totalVotes, 1348720);
});

test('one vote inside the Alabama threshold triggers; a primary never does', async () => {
  // 6,743 votes apart with the same 1,348,720 total: 200 * 6743 = 1,348,600 <= 1,348,720.
  const votes = 'A=667001,B=660258,Write-In=21461';
  const general = await check(
    '--state=AL',
    '--election=general',
    '--office-scope=county',
    `--votes=${votes}`,
    '--json',
  );
  const json = JSON.parse(general.stdout) as CheckJson;
  assert.equal(json.automatic.marginVotes, 6743);
  assert.equal(json.automatic.triggered, true);
  assert.equal(json.automatic.distanceVotes, 0);
  const primary = await check(
    '--state=AL',
    '--election=primary',
    '--office-scope=county',
    `--votes=${votes}`,
    '--json',
  );
  const primaryJson = JSON.parse(primary.stdout) as CheckJson;
  assert.equal(primaryJson.automatic.triggered, false);
  assert.equal(primaryJson.automatic.thresholdVotes, null);
});

test('vote-for-2 compares the last winner with the first loser', async () => {
  const run = await check(
    '--state=AZ',
    '--election=general',
    '--office-scope=state-house',
    '--votes=A=50000,B=40010,C=40000',
    '--seats=2',
    '--json',
  );
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as CheckJson;
  assert.equal(json.margin.lastWinner, 'B');
  assert.equal(json.margin.firstLoser, 'C');
  assert.equal(json.automatic.marginVotes, 10);
  // Arizona: <= 0.5% of the two compared candidates' votes (80,010): 400.05, so 400 votes.
  assert.equal(json.automatic.thresholdVotes, 400);
  assert.equal(json.automatic.triggered, true);
  assert.equal(json.requested.available, false);
});

test('the readable form shows the margin, the badge, both recounts and the citations', async () => {
  const run = await check(
    '--state=AL',
    '--election=general',
    '--office-scope=statewide',
    `--votes=${ALABAMA}`,
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Margin: Doug Jones 673,896 − Roy S\. Moore 651,972 = 21,924 votes/);
  assert.match(run.stdout, /Outside the automatic-recount margin: 1\.63% > 0\.5%/);
  assert.match(run.stdout, /Automatic recount: no\n/);
  assert.match(run.stdout, /Largest margin that triggers: 6,743 votes/);
  assert.match(run.stdout, /Citation: Ala\. Code § 17-16-20 \(confidence: verified_statute\)/);
  assert.match(run.stdout, /Requested recount: may be requested/);
});

test('bad options are refused with the option and the reason, exit code 2', async () => {
  const base = ['--state=AL', '--election=general', '--office-scope=statewide'];
  const cases: [string[], RegExp][] = [
    [[...base, '--votes=A=10,B=ten'], /--votes item 2 \("B=ten"\): votes must be a whole number/],
    [[...base, '--votes=A=10,A=5'], /"A" appears twice/],
    [[...base, '--votes=A=10,B=5', '--seats=0'], /--seats must be a whole number of at least 1/],
    [
      ['--state=AL', '--election=final', '--office-scope=statewide', '--votes=A=1,B=0'],
      /--election must be one of general/,
    ],
    [
      ['--state=AL', '--election=general', '--office-scope=city', '--votes=A=1,B=0'],
      /--office-scope must be one of/,
    ],
    [
      ['--state=ZZ', '--election=general', '--office-scope=statewide', '--votes=A=1,B=0'],
      /no recount law for state ZZ/,
    ],
  ];
  for (const [args, message] of cases) {
    const run = await check(...args);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.equal(run.stdout, '');
  }
});

test('parseVotesOption keeps names with "=" and marks the write-in line', () => {
  const parsed = parseVotesOption(' Yes = No=12 , write-ins=3');
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.choices, [
    { id: 'Yes = No', votes: 12 },
    { id: 'write-ins', votes: 3, isWriteIn: true },
  ]);
  assert.equal(parseVotesOption('Write-In=4').ok, false);
  assert.equal(parseVotesOption('A=99999999999999999').ok, false);
});
