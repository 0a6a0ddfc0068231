import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildDefinition, countBatch } from '@canvass/core/testing';
import { openSqliteStore, type AuditView } from '@canvass/server';
import { runCli } from '../testing/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'canvass-audit-methods-cli-'));
const db = join(dir, 'canvass.db');
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const definition = buildDefinition({
  counties: { Adams: ['P1'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});

async function seedStore(): Promise<void> {
  const store = await openSqliteStore(db);
  try {
    await store.defineElection(definition);
    const specs = [
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 300 },
      { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 100 },
    ];
    const outcome = await store.writeSubmission(
      {
        electionId: definition.id,
        format: 'fixture',
        sourceName: 'c.csv',
        submittedBy: 't',
        options: {},
      },
      async (sink) => {
        await sink.counts(countBatch(definition, specs));
        return {
          errors: [],
          errorCount: 0,
          warnings: [],
          definition,
          sha256: 'c',
          byteSize: 1,
          rows: 2,
          counts: 2,
        };
      },
    );
    assert.equal(outcome.status, 'accepted');
  } finally {
    await store.close();
  }
}

const store = ['--db', db, '--actor', 'clerk'];

async function create(method: string): Promise<string> {
  const created = await runCli([
    'audit',
    'create',
    '--election',
    definition.id,
    '--contest',
    'mayor',
    '--method',
    method,
    '--json',
    ...store,
  ]);
  assert.equal(created.code, 0, created.stderr);
  return (JSON.parse(created.stdout) as AuditView).audit.id;
}

describe('canvass audit (batch comparison, CVR reports)', () => {
  it('runs a MACRO audit: batch tallies, draw, hand tallies, status', async () => {
    await seedStore();
    const id = await create('macro');
    const manifest = join(dir, 'manifest.csv');
    const lines = ['county,tabulator,batch,ballots'];
    const tallies = ['county,tabulator,batch,contest,choice,votes'];
    for (let b = 1; b <= 10; b++) {
      const county = b <= 5 ? 'Adams' : 'Baker';
      lines.push(`${county},,B${String(b)},40`);
      tallies.push(
        `${county},,B${String(b)},mayor,ada,30`,
        `${county},,B${String(b)},mayor,ben,10`,
      );
    }
    writeFileSync(manifest, `${lines.join('\n')}\n`);
    assert.equal((await runCli(['audit', 'manifest', id, manifest, ...store])).code, 0);
    const badTallies = join(dir, 'bad-tallies.csv');
    writeFileSync(badTallies, 'county,batch,contest,choice,votes\nAdams,B1,mayor,ada,many\n');
    const bad = await runCli(['audit', 'batch-tallies', id, badTallies, ...store]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /line 2, votes: "many" is not a whole number of votes/);
    const talliesFile = join(dir, 'tallies.csv');
    writeFileSync(talliesFile, `${tallies.join('\n')}\n`);
    assert.equal((await runCli(['audit', 'batch-tallies', id, talliesFile, ...store])).code, 0);
    assert.equal((await runCli(['audit', 'seed', id, '99998888777766665555', ...store])).code, 0);
    const status = await runCli(['audit', 'status', id, ...store]);
    // u_p = (30 − 10 + 40) / 200 = 0.3, U = 3: ceil(ln 0.1 / ln(2/3)) + 1 = 7 batches.
    assert.match(status.stdout, /batch tallies: 10 batches/);
    assert.match(status.stdout, /next round options: macro=7 \(proposed: macro\)/);
    const drawn = await runCli(['audit', 'draw', id, 'macro', '--json', ...store]);
    assert.equal(drawn.code, 0, drawn.stderr);
    const rows: { county: string; batch: string }[] = [];
    for (const county of ['Adams', 'Baker']) {
      const list = await runCli([
        'audit',
        'retrieval',
        id,
        '--round',
        '1',
        '--county',
        county,
        ...store,
      ]);
      for (const line of list.stdout.trim().split('\n').slice(1)) {
        const [c = '', , batch = '', position = ''] = line.split(',');
        assert.equal(position, '0', 'a whole batch');
        rows.push({ county: c, batch });
      }
    }
    const entries = join(dir, 'batches.json');
    writeFileSync(
      entries,
      JSON.stringify({
        entries: rows.map((r) => ({ batch: r, votes: { mayor: { ada: 30, ben: 10 } } })),
      }),
    );
    const entered = await runCli(['audit', 'enter-batches', id, entries, ...store]);
    assert.equal(entered.code, 0, entered.stderr);
    // Every drawn batch matches: (2/3)^7 = 0.059 ≤ 10%.
    assert.match(entered.stdout, /Mayor: risk 0\.05853 \(met\)/);
    assert.match(entered.stdout, /round 1: 7 draws, \d batches, \d entered/);
    assert.match(entered.stdout, /next: finished/);
  });

  it('imports a NIST SP 1500-103 report and names each problem by its path', async () => {
    const id = await create('alpha-comparison');
    const manifest = join(dir, 'manifest-cvr.csv');
    writeFileSync(manifest, 'county,tabulator,batch,ballots\nAdams,,B1,300\nBaker,,B2,100\n');
    assert.equal((await runCli(['audit', 'manifest', id, manifest, ...store])).code, 0);
    const cvr = (county: string, batch: string, position: number, choice: string) => ({
      BatchId: batch,
      BatchSequenceId: position,
      BallotStyleUnitId: county,
      CVRSnapshot: [
        {
          '@id': 's',
          Type: 'original',
          CVRContest: [
            {
              ContestId: 'm',
              CVRContestSelection: [
                {
                  ContestSelectionId: choice,
                  SelectionPosition: [{ HasIndication: 'yes', NumberVotes: 1 }],
                },
              ],
            },
          ],
        },
      ],
    });
    const report = (cvrs: unknown[]) =>
      JSON.stringify({
        GpUnit: [
          { '@id': 'Adams', Type: 'county', Name: 'Adams' },
          { '@id': 'Baker', Type: 'county', Name: 'Baker' },
        ],
        Election: [
          {
            '@id': 'e',
            Contest: [
              {
                '@id': 'm',
                Name: 'Mayor',
                ContestSelection: [
                  { '@id': 'a', Selection: 'Ada' },
                  { '@id': 'b', Selection: 'Ben' },
                ],
              },
            ],
          },
        ],
        CVR: cvrs,
      });
    const cvrs = [
      ...Array.from({ length: 300 }, (_, i) => cvr('Adams', 'B1', i + 1, 'a')),
      ...Array.from({ length: 100 }, (_, i) => cvr('Baker', 'B2', i + 1, 'b')),
    ];
    const badFile = join(dir, 'bad-cvrs.json');
    writeFileSync(badFile, report([...cvrs.slice(0, 2), cvr('Adams', 'B1', 2, 'z')]));
    const bad = await runCli(['audit', 'cvrs', id, badFile, ...store]);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /CVR\[2\]\.CVRSnapshot\[0\]\.CVRContest\[0\]\.CVRContestSelection\[0\]\.ContestSelectionId, ContestSelectionId: no ContestSelection z in Contest m/,
    );
    assert.match(
      bad.stderr,
      /CVR\[2\], BatchSequenceId: this ballot already has a record: CVR\[1\]/,
    );
    const file = join(dir, 'cvrs.json');
    writeFileSync(file, report(cvrs));
    const imported = await runCli(['audit', 'cvrs', id, file, '--json', ...store]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal((JSON.parse(imported.stdout) as AuditView).cvrs, 400);
  });

  it('creates an ALPHA audit with a chosen estimator and a required share, and shows them', async () => {
    const base = ['audit', 'create', '--election', definition.id, '--contest', 'mayor'];
    const created = await runCli([
      ...base,
      '--method',
      'alpha-polling',
      '--estimator',
      'shrink-trunc',
      '--d',
      '40',
      '--supermajority',
      'mayor=2/3',
      '--json',
      ...store,
    ]);
    assert.equal(created.code, 0, created.stderr);
    const view = JSON.parse(created.stdout) as AuditView;
    assert.deepEqual(view.audit.alpha, {
      estimator: { kind: 'shrink-trunc', d: 40, eta0: 'reported' },
      supermajority: { mayor: { numerator: 2, denominator: 3 } },
    });
    const status = await runCli(['audit', 'status', view.audit.id, ...store]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /estimator: shrink-trunc: .* d = 40 draws/);
    assert.match(status.stdout, /Mayor: needs more than 2\/3 of valid votes/);
    // Flags that do not fit are refused before anything is stored.
    const stray = await runCli([...base, '--method', 'alpha-polling', '--eta', '0.6', ...store]);
    assert.notEqual(stray.code, 0);
    assert.match(stray.stderr, /--eta does not apply to the default estimator/);
    // Ada has 300 of 400 valid votes: not more than 3/4.
    const short = await runCli([
      ...base,
      '--method',
      'alpha-comparison',
      '--supermajority',
      'mayor=3/4',
      ...store,
    ]);
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /has 300 of 400 valid votes, not more than 3\/4/);
  });
});
