// Audit workflow bench: CVR report imports (NIST SP 1500-103 JSON against the simple CSV of the
// same ballots, in the same run), MACRO with thousands of batches, ALPHA views. Prints JSON.
// Run: node --import tsx bench/audit-workflow/run.ts [ballots]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCvrCsv, type ManifestBatchRow } from '@canvass/core';
import { buildDefinition, countBatch } from '@canvass/core/testing';
import { AuditWorkflow, loadTally, openSqliteStore, parseCvrCdf } from '@canvass/server';

const BALLOTS = Number(process.argv[2] ?? '50000');
const BATCH = 250;
const definition = buildDefinition({
  counties: { Adams: ['P1'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});

// Wall seconds, and the process's CPU seconds (a better guide on a shared, loaded machine).
function time<T>(run: () => T): { value: T; seconds: number; cpu: number } {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(cpu);
  return {
    value,
    seconds: round(Number(process.hrtime.bigint() - start) / 1e9),
    cpu: round((used.user + used.system) / 1e6),
  };
}

async function timeAsync<T>(
  run: () => Promise<T>,
): Promise<{ value: T; seconds: number; cpu: number }> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return {
    value,
    seconds: round(Number(process.hrtime.bigint() - start) / 1e9),
    cpu: round((used.user + used.system) / 1e6),
  };
}

function round(x: number): number {
  return Number(x.toPrecision(3));
}

// Ballots in batches of 250 over two counties: 54% Ada, 40% Ben, 6% blank.
const manifest: ManifestBatchRow[] = [];
for (let b = 0; b * BATCH < BALLOTS; b++)
  manifest.push({
    county: b % 2 === 0 ? 'Adams' : 'Baker',
    tabulator: `T${String(b % 5)}`,
    batch: `B${String(b)}`,
    ballots: Math.min(BATCH, BALLOTS - b * BATCH),
  });
const voteOf = (i: number): string => (i % 50 < 27 ? 'ada' : i % 50 < 47 ? 'ben' : '');
const ballots: { row: ManifestBatchRow; position: number; vote: string }[] = [];
for (const row of manifest)
  for (let p = 1; p <= row.ballots; p++)
    ballots.push({ row, position: p, vote: voteOf(ballots.length) });
const ada = ballots.filter((b) => b.vote === 'ada').length;
const ben = ballots.filter((b) => b.vote === 'ben').length;

const manifestCsv = `county,tabulator,batch,ballots\n${manifest.map((r) => `${r.county},${r.tabulator ?? ''},${r.batch},${String(r.ballots)}`).join('\n')}\n`;
const cvrCsv = `county,tabulator,batch,position,mayor\n${ballots.map((b) => `${b.row.county},${b.row.tabulator ?? ''},${b.row.batch},${String(b.position)},${b.vote}`).join('\n')}\n`;
const cdf = JSON.stringify({
  '@type': 'CVR.CastVoteRecordReport',
  Version: '1.0.0',
  GpUnit: [
    { '@id': 'adams', Type: 'county', Name: 'Adams' },
    { '@id': 'baker', Type: 'county', Name: 'Baker' },
  ],
  Election: [
    {
      '@id': 'e',
      Candidate: [
        { '@id': 'c-ada', Name: 'Ada' },
        { '@id': 'c-ben', Name: 'Ben' },
      ],
      Contest: [
        {
          '@id': 'k',
          Name: 'Mayor',
          ContestSelection: [
            { '@id': 's-ada', CandidateIds: ['c-ada'] },
            { '@id': 's-ben', CandidateIds: ['c-ben'] },
          ],
        },
      ],
    },
  ],
  CVR: ballots.map((b, i) => ({
    '@type': 'CVR.CVR',
    ElectionId: 'e',
    BallotStyleUnitId: b.row.county === 'Adams' ? 'adams' : 'baker',
    BatchId: b.row.batch,
    BatchSequenceId: b.position,
    CreatingDeviceId: b.row.tabulator,
    CurrentSnapshotId: `s${String(i)}`,
    CVRSnapshot: [
      {
        '@id': `s${String(i)}`,
        Type: 'original',
        CVRContest: [
          {
            ContestId: 'k',
            CVRContestSelection:
              b.vote === ''
                ? []
                : [
                    {
                      ContestSelectionId: b.vote === 'ada' ? 's-ada' : 's-ben',
                      SelectionPosition: [
                        { HasIndication: 'yes', NumberVotes: 1, IsAllocable: 'yes' },
                      ],
                    },
                  ],
          },
        ],
      },
    ],
  })),
});

const contests = [
  {
    contestId: 'mayor',
    name: 'Mayor',
    choices: [
      { id: 'ada', name: 'Ada', votes: ada },
      { id: 'ben', name: 'Ben', votes: ben },
    ],
    seats: 1,
    votesAllowed: 1,
  },
];

const directory = mkdtempSync(join(tmpdir(), 'canvass-bench-audit-'));
try {
  const out: Record<string, unknown> = {
    ballots: BALLOTS,
    batches: manifest.length,
    cdfBytes: Buffer.byteLength(cdf),
    csvBytes: Buffer.byteLength(cvrCsv),
    loadAverage: (await import('node:os')).loadavg()[0],
  };
  const parsedCdf = time(() => parseCvrCdf(cdf, contests, manifest));
  const parsedCsv = time(() => parseCvrCsv(cvrCsv, contests, manifest));
  if (!parsedCdf.value.ok || !parsedCsv.value.ok) throw new Error('fixture did not parse');
  out['parseCdf'] = { wall: parsedCdf.seconds, cpu: parsedCdf.cpu };
  out['parseCsv'] = { wall: parsedCsv.seconds, cpu: parsedCsv.cpu };

  const store = await openSqliteStore(join(directory, 'bench.db'));
  await store.defineElection(definition);
  const specs = [
    { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: ada },
    { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: ben },
  ];
  await store.writeSubmission(
    {
      electionId: definition.id,
      format: 'fixture',
      sourceName: 'b',
      submittedBy: 'b',
      options: {},
    },
    async (sink) => {
      await sink.counts(countBatch(definition, specs));
      return {
        errors: [],
        errorCount: 0,
        warnings: [],
        definition,
        sha256: 'b',
        byteSize: 1,
        rows: 2,
        counts: 2,
      };
    },
  );
  const workflow = new AuditWorkflow({
    store,
    tallyOf: async (id) => (await loadTally(store, id))?.tally ?? null,
  });
  const audit = async (method: string) => {
    const { audit } = await workflow.create({
      electionId: definition.id,
      name: method,
      riskLimit: 10,
      method,
      contestIds: ['mayor'],
      actor: 'bench',
    });
    await workflow.importManifest(audit.id, manifestCsv, 'bench');
    await workflow.setSeed(audit.id, '12345678901234567890', 'bench');
    return audit.id;
  };

  for (const [name, method, text] of [
    ['cdf', 'alpha-comparison', cdf],
    ['csv', 'supersimple', cvrCsv],
  ] as const) {
    const id = await audit(method);
    const imported = await timeAsync(() => workflow.importCvrs(id, text, 'bench'));
    const view = await timeAsync(() => workflow.view(id));
    out[`import_${name}_${method}`] = { wall: imported.seconds, cpu: imported.cpu };
    out[`view_${method}`] = { wall: view.seconds, cpu: view.cpu };
    out[`size_${method}`] =
      view.value.measurement?.nextRound?.options[method === 'supersimple' ? 'supersimple' : 'alpha']
        ?.size;
  }

  const polling = await audit('alpha-polling');
  const pollingView = await timeAsync(() => workflow.view(polling));
  out['view_alpha-polling'] = { wall: pollingView.seconds, cpu: pollingView.cpu };
  out['size_alpha_polling'] = pollingView.value.measurement?.nextRound?.options['alpha']?.size;
  const bravo = await audit('bravo');
  const bravoView = await timeAsync(() => workflow.view(bravo));
  out['view_bravo'] = { wall: bravoView.seconds, cpu: bravoView.cpu };
  out['size_bravo_0.9'] = bravoView.value.measurement?.nextRound?.options['0.9']?.size;

  const macro = await audit('macro');
  const byBatch = new Map<ManifestBatchRow, typeof ballots>();
  for (const b of ballots) {
    const list = byBatch.get(b.row) ?? [];
    list.push(b);
    byBatch.set(b.row, list);
  }
  const tallies = [
    'county,tabulator,batch,contest,choice,votes',
    ...manifest.flatMap((r) => {
      const of = byBatch.get(r) ?? [];
      return [
        `${r.county},${r.tabulator ?? ''},${r.batch},mayor,ada,${String(of.filter((b) => b.vote === 'ada').length)}`,
        `${r.county},${r.tabulator ?? ''},${r.batch},mayor,ben,${String(of.filter((b) => b.vote === 'ben').length)}`,
      ];
    }),
  ].join('\n');
  const talliesImported = await timeAsync(() =>
    workflow.importBatchTallies(macro, tallies, 'bench'),
  );
  out['macro_import_tallies'] = { wall: talliesImported.seconds, cpu: talliesImported.cpu };
  out['size_macro'] = talliesImported.value.measurement?.nextRound?.options['macro']?.size;
  const macroDraw = await timeAsync(() => workflow.drawRound(macro, 'macro', 'bench'));
  out['macro_draw'] = { wall: macroDraw.seconds, cpu: macroDraw.cpu };
  const macroView = await timeAsync(() => workflow.view(macro));
  out['macro_view'] = { wall: macroView.seconds, cpu: macroView.cpu };
  await store.close();
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
