import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildDefinition, countBatch } from '@canvass/core/testing';
import { openSqliteStore, type AuditView } from '@canvass/server';
import { runCli } from '../testing/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'canvass-audit-cli-'));
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
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 700 },
      { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 300 },
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

describe('canvass audit (workflow commands)', () => {
  it('creates, imports, seeds, draws, lists, enters and shows an audit; refusals exit 1', async () => {
    await seedStore();
    const store = ['--db', db, '--actor', 'clerk'];
    const created = await runCli([
      'audit',
      'create',
      '--election',
      definition.id,
      '--contest',
      'mayor',
      '--risk-limit',
      '10',
      '--json',
      ...store,
    ]);
    assert.equal(created.code, 0, created.stderr);
    const id = (JSON.parse(created.stdout) as AuditView).audit.id;

    const badFile = join(dir, 'bad.csv');
    writeFileSync(badFile, 'county,tabulator,batch,ballots\nAdams,,B1,-3\n');
    const bad = await runCli(['audit', 'manifest', id, badFile, ...store]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /line 2, ballots: "-3" is not a whole number of ballots/);

    const manifest = join(dir, 'manifest.csv');
    writeFileSync(manifest, 'county,tabulator,batch,ballots\nAdams,T1,B1,700\nBaker,T2,B2,320\n');
    assert.equal((await runCli(['audit', 'manifest', id, manifest, ...store])).code, 0);
    assert.equal((await runCli(['audit', 'seed', id, '11112222333344445555', ...store])).code, 0);
    const status = await runCli(['audit', 'status', id, ...store]);
    assert.match(status.stdout, /manifest: 1020 ballots in 2 batches/);
    assert.match(status.stdout, /next round options: .*0\.9=\d+.*\(proposed: 0\.9\)/);
    assert.match(status.stdout, /next: draw round 1/);

    const drawn = await runCli(['audit', 'draw', id, '40', '--json', ...store]);
    assert.equal(drawn.code, 0, drawn.stderr);
    assert.equal((JSON.parse(drawn.stdout) as AuditView).rounds[0]?.draws, 40);

    const out = join(dir, 'adams.csv');
    assert.equal(
      (
        await runCli([
          'audit',
          'retrieval',
          id,
          '--round',
          '1',
          '--county',
          'Adams',
          '--out',
          out,
          ...store,
        ])
      ).code,
      0,
    );
    const baker = await runCli([
      'audit',
      'retrieval',
      id,
      '--round',
      '1',
      '--county',
      'Baker',
      ...store,
    ]);
    const rows = [
      ...readFileSync(out, 'utf8').trim().split('\n').slice(1),
      ...baker.stdout.trim().split('\n').slice(1),
    ];
    assert.equal(
      rows.reduce((n, line) => n + Number(line.split(',')[5]), 0),
      40,
    );

    const entries = rows.map((line) => {
      const [county = '', tabulator = '', batch = '', position = ''] = line.split(',');
      return {
        ballot: { county, tabulator, batch, position: Number(position) },
        interpretation: { kind: 'found', votes: { mayor: [county === 'Adams' ? 'ada' : 'ben'] } },
      };
    });
    const readings = join(dir, 'readings.json');
    writeFileSync(readings, JSON.stringify({ entries }));
    const entered = await runCli(['audit', 'enter', id, readings, '--json', ...store]);
    assert.equal(entered.code, 0, entered.stderr);
    const view = JSON.parse(entered.stdout) as AuditView;
    assert.equal(view.measurement?.pending, 0);
    assert.equal(view.rounds[0]?.entered, rows.length);

    const steps = await runCli(['audit', 'steps', id, ...store]);
    const records = JSON.parse(steps.stdout) as { actor: string; payload: { step: string } }[];
    assert.deepEqual(
      records.map((r) => r.payload.step),
      ['audit-created', 'manifest-imported', 'seed-set', 'round-drawn', 'ballots-entered'],
    );
    assert.ok(records.every((r) => r.actor === 'clerk'));
    const counted = await runCli([
      'audit',
      'hand-count',
      id,
      '--contest',
      'mayor',
      '--votes',
      'ada=699,ben=301',
      '--json',
      ...store,
    ]);
    assert.equal(counted.code, 0, counted.stderr);
    const afterCount = JSON.parse(counted.stdout) as AuditView;
    assert.equal(afterCount.handCounts['mayor']?.confirmsOutcome, true);
    assert.equal(afterCount.measurement?.finished, true);
    const again = await runCli(['audit', 'seed', id, '99998888777766665555', ...store]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already set/);
  });
});
