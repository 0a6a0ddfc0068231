import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ManifestBatchRow } from '@canvass/core';
import { parseCvrCdf } from './cvr-cdf.ts';

const report = readFileSync(new URL('./testdata/cvr-report.json', import.meta.url), 'utf8');
const contests = [
  {
    contestId: 'mayor',
    name: 'Mayor',
    choices: [
      { id: 'ada', name: 'Ada', votes: 3 },
      { id: 'ben', name: 'Ben', votes: 2 },
    ],
    seats: 1,
    votesAllowed: 1,
  },
];
const manifest: ManifestBatchRow[] = [
  { county: 'Adams', tabulator: 'T1', batch: 'B1', ballots: 3 },
  { county: 'Adams', tabulator: 'T2', batch: 'B2', ballots: 2 },
  { county: 'Baker', tabulator: null, batch: 'B3', ballots: 2 },
];

/** The fixture with one change made to its parsed form. */
function edited(change: (r: { CVR: Record<string, unknown>[] }) => void): string {
  const r = JSON.parse(report) as { CVR: Record<string, unknown>[] };
  change(r);
  return JSON.stringify(r);
}

describe('NIST SP 1500-103 cast vote records', () => {
  it('places each CVR on the manifest and resolves its votes through the election definitions', () => {
    const parsed = parseCvrCdf(report, contests, manifest);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(
      parsed.value.records.map((r) => [r.county, r.tabulator, r.batch, r.position, r.votes]),
      [
        // Tabulator from the device's serial number; county from the precinct's county.
        ['Adams', 'T1', 'B1', 1, { mayor: ['ada'] }],
        // Position from the imprinted id; votes from the current (adjudicated) snapshot.
        ['Adams', 'T1', 'B1', 2, { mayor: ['ada'] }],
        // An overvote keeps both marks, so it reads as an overvote.
        ['Adams', 'T1', 'B1', 3, { mayor: ['ada', 'ben'] }],
        // Tabulator from the device id; the unaudited tax question is ignored.
        ['Adams', 'T2', 'B2', 1, { mayor: ['ben'] }],
        ['Adams', 'T2', 'B2', 2, { mayor: [] }],
        // County from the device's county; the manifest has no tabulator for B3.
        ['Baker', null, 'B3', 1, { mayor: ['ben'] }],
        // The contest is not on this ballot.
        ['Baker', null, 'B3', 2, {}],
      ],
    );
    assert.deepEqual(parsed.value.mapping, {
      contests: { 'k-mayor': 'mayor' },
      selections: { 'cs-ada': 'ada', 'cs-ben': 'ben' },
      ignoredContests: ['k-tax'],
    });
    assert.deepEqual(parsed.value.snapshots, { original: 6, modified: 1 });
  });

  it('locates every problem by path and field, and returns no records', () => {
    const bad = edited((r) => {
      const cvrs = r.CVR;
      // A write-in vote: no audited choice to map it to.
      const snap = (cvrs[0]?.['CVRSnapshot'] as Record<string, unknown>[])[0] as {
        CVRContest: { CVRContestSelection: { ContestSelectionId: string }[] }[];
      };
      const sel = snap.CVRContest[0]?.CVRContestSelection[0];
      if (sel !== undefined) sel.ContestSelectionId = 'cs-wi';
      // A ballot beyond its batch, a ballot listed twice, a batch not in the manifest.
      (cvrs[3] as Record<string, unknown>)['BatchSequenceId'] = 9;
      (cvrs[4] as Record<string, unknown>)['BatchSequenceId'] = 2;
      cvrs.push({ ...(cvrs[4] as Record<string, unknown>) });
      (cvrs[5] as Record<string, unknown>)['BatchId'] = 'B99';
      // A contest id the election does not define.
      const c6 = (cvrs[6]?.['CVRSnapshot'] as { CVRContest: unknown[] }[])[0];
      c6?.CVRContest.push({ ContestId: 'k-nope' });
    });
    const parsed = parseCvrCdf(bad, contests, manifest);
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.error.map((p) => `${p.path} ${p.field}`),
      [
        'CVR[0].CVRSnapshot[0].CVRContest[0].CVRContestSelection[0].ContestSelectionId ContestSelectionId',
        'CVR[3] BatchSequenceId',
        'CVR[5] BatchId',
        'CVR[6].CVRSnapshot[0].CVRContest[0].ContestId ContestId',
        'CVR[7] BatchSequenceId',
      ],
    );
    assert.match(parsed.error[0]?.reason ?? '', /cs-wi \(Write-in\) is not a choice of Mayor/);
    assert.match(parsed.error[1]?.reason ?? '', /B2 has 2 ballots, not 9/);
    assert.match(parsed.error[2]?.reason ?? '', /batch B99 of Baker is not in the manifest/);
    assert.match(parsed.error[3]?.reason ?? '', /no Contest with @id k-nope/);
    assert.match(parsed.error[4]?.reason ?? '', /already has a record: CVR\[4\]/);
  });

  it('refuses what is not a cast vote record report', () => {
    const notJson = parseCvrCdf('{"CVR": [', contests, manifest);
    assert.ok(!notJson.ok);
    assert.equal(notJson.error[0]?.field, 'json');
    const results = parseCvrCdf('{"Election": []}', contests, manifest);
    assert.ok(!results.ok);
    assert.match(results.error[0]?.reason ?? '', /no CVR array/);
  });

  it('parses each CVR on its own: brackets and escapes in strings, a broken CVR located by index', () => {
    const r = JSON.parse(report) as { CVR: Record<string, unknown>[] };
    // Text that would confuse a naive bracket count.
    (r.CVR[0] as Record<string, unknown>)['Notes'] = 'ink "]}{[" smudge \\ \\" ]';
    const clean = JSON.stringify(r, null, 1);
    const parsed = parseCvrCdf(clean, contests, manifest);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.value.records.length, 7);
    // CVR[1] broken inside: only it is reported, by its index.
    const start = clean.indexOf('"BallotAuditId"');
    const broken = `${clean.slice(0, start)}"BallotAuditId": tru,${clean.slice(start)}`;
    const bad = parseCvrCdf(broken, contests, manifest);
    assert.ok(!bad.ok);
    assert.deepEqual(
      bad.error.map((p) => `${p.path} ${p.field}`),
      ['CVR[1] json'],
    );
    const trailing = parseCvrCdf(`${clean} {}`, contests, manifest);
    assert.ok(!trailing.ok);
    assert.match(trailing.error[0]?.reason ?? '', /unexpected text after the report/);
  });

  it('reads a report of tens of thousands of CVRs', () => {
    const big: ManifestBatchRow[] = Array.from({ length: 100 }, (_, b) => ({
      county: b % 2 === 0 ? 'Adams' : 'Baker',
      tabulator: null,
      batch: `B${String(b)}`,
      ballots: 200,
    }));
    const cvrs = big.flatMap((row) =>
      Array.from({ length: row.ballots }, (_, i) => ({
        ElectionId: 'e-2026',
        BallotStyleUnitId: row.county === 'Adams' ? 'gp-p1' : 'gp-baker',
        BatchId: row.batch,
        BallotAuditId: `${row.batch}-${String(i + 1)}`,
        CVRSnapshot: [
          {
            Type: 'original',
            CVRContest: [
              {
                ContestId: 'k-mayor',
                CVRContestSelection: [
                  {
                    ContestSelectionId: i % 5 < 3 ? 'cs-ada' : 'cs-ben',
                    SelectionPosition: [{ HasIndication: 'yes', NumberVotes: 1 }],
                  },
                ],
              },
            ],
          },
        ],
      })),
    );
    const text = edited((r) => {
      r.CVR = cvrs;
    });
    const parsed = parseCvrCdf(text, contests, big);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.records.length, 20_000);
    const ada = parsed.value.records.filter((r) => r.votes['mayor']?.[0] === 'ada').length;
    assert.equal(ada, 12_000);
    assert.deepEqual(parsed.value.records[19_999], {
      county: 'Baker',
      tabulator: null,
      batch: 'B99',
      position: 200,
      votes: { mayor: ['ben'] },
    });
  });
});
