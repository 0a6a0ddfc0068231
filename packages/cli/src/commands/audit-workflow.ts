import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { retrievalCsv } from '@canvass/core';
import {
  AuditRefusal,
  AuditWorkflow,
  describeEstimator,
  loadTally,
  type AlphaEstimatorInput,
  type AuditView,
  type BallotEntryInput,
  type BatchEntryInput,
  type KyselyStore,
} from '@canvass/server';
import { DEFAULT_DB, withStore, type SetExit } from './shared.ts';

interface StoreOptions {
  db: string;
  actor: string;
  json?: true;
}

/**
 * `canvass audit create|manifest|seed|status|draw|retrieval|enter|steps`: the risk-limiting audit
 * workflow against the configured store, the same steps (and ledger records) as the HTTP API.
 */
export function registerAuditWorkflow(audit: Command, setExit: SetExit): void {
  const withWorkflow =
    <O extends StoreOptions, A extends unknown[]>(
      task: (workflow: AuditWorkflow, options: O, ...args: A) => Promise<void>,
    ) =>
    async (...args: [...A, O, Command]): Promise<void> => {
      // Commander passes the positional arguments, then the options, then the command.
      const options = args[args.length - 2] as O;
      await withStore(options.db, async (store) => {
        try {
          await task(workflowOn(store), options, ...(args.slice(0, -2) as A));
        } catch (error) {
          if (!(error instanceof AuditRefusal)) throw error;
          process.stderr.write(`${error.failure.message}\n`);
          const details = error.failure.details as { problems?: unknown[] } | undefined;
          for (const p of details?.problems ?? []) {
            const { line, path, field, reason } = p as {
              line?: number;
              path?: string;
              field: string;
              reason: string;
            };
            const where = path ?? `line ${String(line)}`;
            process.stderr.write(`  ${where}, ${field}: ${reason}\n`);
          }
          setExit(1);
        }
      });
    };
  const common = (command: Command): Command =>
    command
      .option('--db <path>', 'SQLite database file', DEFAULT_DB)
      .option('--actor <name>', 'who is doing this step (recorded on the ledger)', 'cli')
      .option('--json', 'print the audit as JSON');

  common(
    audit
      .command('create')
      .description('create a risk-limiting audit of contests of an election')
      .requiredOption('--election <id>', 'the election')
      .requiredOption('--contest <id...>', 'contest ids to audit')
      .option('--risk-limit <percent>', 'risk limit, a whole percent', '10')
      .option(
        '--method <method>',
        'bravo or alpha-polling (ballot polling), supersimple or alpha-comparison (ballot comparison), macro (batch comparison)',
        'bravo',
      )
      .option('--name <name>', 'a name for the audit', 'Risk-limiting audit')
      .option(
        '--estimator <kind>',
        'ALPHA only: fixed, shrink-trunc (polling default) or optimal-comparison (comparison default)',
      )
      .option('--eta <mean>', 'fixed estimator: the alternative mean η (more than 1/2)')
      .option('--d <draws>', 'shrink-trunc: weight of the prior, in draws (default 100)')
      .option(
        '--eta0 <mean>',
        "shrink-trunc: the prior η0, or 'reported' (default: the reported assorter mean)",
      )
      .option('--p2 <rate>', 'optimal-comparison: assumed rate of 2-vote overstatements (1e-5)')
      .option(
        '--supermajority <contest=share...>',
        'ALPHA only: a contest that needs more than a share of the valid votes, e.g. measure-a=2/3',
      ),
  ).action(
    withWorkflow(
      async (
        workflow,
        options: StoreOptions & {
          election: string;
          contest: string[];
          riskLimit: string;
          name: string;
          method: string;
        } & EstimatorOptions,
      ) => {
        const view = await workflow.create({
          electionId: options.election,
          name: options.name,
          riskLimit: Number(options.riskLimit),
          method: options.method,
          contestIds: options.contest,
          actor: options.actor,
          estimator: estimatorOption(options),
          supermajority: supermajorityOption(options.supermajority),
        });
        print(view, options);
      },
    ),
  );

  common(
    audit
      .command('manifest')
      .description('import the ballot manifest CSV (county, tabulator, batch, ballots)')
      .argument('<audit>', 'audit id')
      .argument('<file>', 'manifest CSV'),
  ).action(
    withWorkflow(async (workflow, options: StoreOptions, auditId: string, file: string) => {
      print(
        await workflow.importManifest(auditId, await readFile(file, 'utf8'), options.actor),
        options,
      );
    }),
  );

  common(
    audit
      .command('cvrs')
      .description(
        'import cast vote records for a ballot-comparison audit: a NIST SP 1500-103 JSON report, or CSV (county, tabulator, batch, position, then one column per contest id)',
      )
      .argument('<audit>', 'audit id')
      .argument('<file>', 'CVR report (.json) or CSV'),
  ).action(
    withWorkflow(async (workflow, options: StoreOptions, auditId: string, file: string) => {
      print(
        await workflow.importCvrs(auditId, await readFile(file, 'utf8'), options.actor),
        options,
      );
    }),
  );

  common(
    audit
      .command('batch-tallies')
      .description(
        'import reported batch tallies for a batch-comparison (macro) audit (CSV: county, tabulator, batch, contest, choice, votes)',
      )
      .argument('<audit>', 'audit id')
      .argument('<file>', 'batch tallies CSV'),
  ).action(
    withWorkflow(async (workflow, options: StoreOptions, auditId: string, file: string) => {
      print(
        await workflow.importBatchTallies(auditId, await readFile(file, 'utf8'), options.actor),
        options,
      );
    }),
  );

  common(
    audit
      .command('enter-batches')
      .description(
        'enter audit-board hand tallies of sampled batches from a JSON file: { "entries": [{ batch: { county, tabulator, batch }, votes: { contest: { choice: n } } }] }',
      )
      .argument('<audit>', 'audit id')
      .argument('<file>', 'the hand tallies'),
  ).action(
    withWorkflow(async (workflow, options: StoreOptions, auditId: string, file: string) => {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { entries?: BatchEntryInput[] };
      print(
        await workflow.enterBatchTallies(auditId, parsed.entries ?? [], options.actor),
        options,
      );
    }),
  );

  common(
    audit
      .command('seed')
      .description('record the public random seed (20 or more dice digits)')
      .argument('<audit>', 'audit id')
      .argument('<seed>', 'the seed'),
  ).action(
    withWorkflow(async (workflow, options: StoreOptions, auditId: string, seed: string) => {
      print(await workflow.setSeed(auditId, seed, options.actor), options);
    }),
  );

  common(
    audit
      .command('status')
      .description('show the audit: manifest, rounds, risk per contest, next-round size options')
      .argument('<audit>', 'audit id'),
  ).action(
    withWorkflow(async (workflow, options: StoreOptions, auditId: string) => {
      print(await workflow.view(auditId), options);
    }),
  );

  common(
    audit
      .command('draw')
      .description('draw the next round: a size option (e.g. 0.9, asn) or a number of ballots')
      .argument('<audit>', 'audit id')
      .argument('<size>', 'an offered option key, or a whole number of draws'),
  ).action(
    withWorkflow(async (workflow, options: StoreOptions, auditId: string, size: string) => {
      const choice = /^\d+$/.test(size) ? Number(size) : size;
      print(await workflow.drawRound(auditId, choice, options.actor), options);
    }),
  );

  common(
    audit
      .command('retrieval')
      .description("write a county's retrieval list for a round as CSV")
      .argument('<audit>', 'audit id')
      .requiredOption('--round <n>', 'the round')
      .requiredOption('--county <name>', 'the county')
      .option('--out <file>', 'write the CSV here instead of printing it'),
  ).action(
    withWorkflow(
      async (
        workflow,
        options: StoreOptions & { round: string; county: string; out?: string },
        auditId: string,
      ) => {
        const csv = retrievalCsv(
          await workflow.retrieval(auditId, Number(options.round), options.county),
        );
        if (options.out === undefined) process.stdout.write(csv);
        else await writeFile(options.out, csv);
      },
    ),
  );

  common(
    audit
      .command('enter')
      .description(
        'enter audit-board readings from a JSON file: { "entries": [{ ballot, interpretation }] }',
      )
      .argument('<audit>', 'audit id')
      .argument('<file>', 'the readings'),
  ).action(
    withWorkflow(async (workflow, options: StoreOptions, auditId: string, file: string) => {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { entries?: BallotEntryInput[] };
      print(await workflow.enter(auditId, parsed.entries ?? [], options.actor), options);
    }),
  );

  common(
    audit
      .command('hand-count')
      .description('record the full hand count of a contest (after escalation)')
      .argument('<audit>', 'audit id')
      .requiredOption('--contest <id>', 'the contest counted')
      .requiredOption('--votes <list>', 'votes per choice id: ada=600,ben=400'),
  ).action(
    withWorkflow(
      async (
        workflow,
        options: StoreOptions & { contest: string; votes: string },
        auditId: string,
      ) => {
        const votes: Record<string, number> = {};
        for (const part of options.votes.split(',')) {
          const [id = '', n = ''] = part.split('=');
          votes[id.trim()] = /^\d+$/.test(n.trim()) ? Number(n.trim()) : Number.NaN;
        }
        print(
          await workflow.recordHandCount(auditId, options.contest, votes, options.actor),
          options,
        );
      },
    ),
  );

  common(
    audit
      .command('steps')
      .description("print the audit's ledger records (every step with its inputs) as JSON")
      .argument('<audit>', 'audit id'),
  ).action(
    withWorkflow(async (workflow, _options, auditId: string) => {
      process.stdout.write(`${JSON.stringify(await workflow.steps(auditId), null, 2)}\n`);
    }),
  );
}

function workflowOn(store: KyselyStore): AuditWorkflow {
  return new AuditWorkflow({
    store,
    tallyOf: async (id) => (await loadTally(store, id))?.tally ?? null,
  });
}

interface EstimatorOptions {
  estimator?: string;
  eta?: string;
  d?: string;
  eta0?: string;
  p2?: string;
  supermajority?: string[];
}

/** The create request's estimator from the command line; the workflow checks the values. */
function estimatorOption(o: EstimatorOptions): AlphaEstimatorInput | undefined {
  const num = (flag: string, v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n))
      throw new AuditRefusal({
        code: 'bad-request',
        message: `--${flag}: "${v}" is not a number`,
      });
    return n;
  };
  const stray = (allowed: readonly string[]) => {
    for (const flag of ['eta', 'd', 'eta0', 'p2'] as const)
      if (o[flag] !== undefined && !allowed.includes(flag))
        throw new AuditRefusal({
          code: 'bad-request',
          message: `--${flag} does not apply to ${o.estimator === undefined ? 'the default estimator (give --estimator)' : `--estimator ${o.estimator}`}`,
        });
  };
  if (o.estimator === undefined) {
    stray([]);
    return undefined;
  }
  if (o.estimator === 'fixed') {
    stray(['eta']);
    if (o.eta === undefined)
      throw new AuditRefusal({ code: 'bad-request', message: '--estimator fixed needs --eta' });
    return { kind: 'fixed', eta: num('eta', o.eta) };
  }
  if (o.estimator === 'shrink-trunc') {
    stray(['d', 'eta0']);
    return {
      kind: 'shrink-trunc',
      ...(o.d === undefined ? {} : { d: num('d', o.d) }),
      ...(o.eta0 === undefined
        ? {}
        : { eta0: o.eta0 === 'reported' ? ('reported' as const) : num('eta0', o.eta0) }),
    };
  }
  if (o.estimator === 'optimal-comparison') {
    stray(['p2']);
    return { kind: 'optimal-comparison', ...(o.p2 === undefined ? {} : { p2: num('p2', o.p2) }) };
  }
  throw new AuditRefusal({
    code: 'bad-request',
    message: `--estimator ${o.estimator}: use fixed, shrink-trunc or optimal-comparison`,
  });
}

/** `contest=share` pairs, e.g. `measure-a=2/3`. */
function supermajorityOption(
  pairs: readonly string[] | undefined,
): Record<string, string> | undefined {
  if (pairs === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0)
      throw new AuditRefusal({
        code: 'bad-request',
        message: `--supermajority ${pair}: give contest=share, e.g. measure-a=2/3`,
      });
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

function print(view: AuditView, options: { json?: true }): void {
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    return;
  }
  const { audit, manifest, rounds, measurement } = view;
  const lines = [
    `audit ${audit.id}: ${audit.name} (${audit.method}, risk limit ${String(audit.riskLimit)}%)`,
    `  seed: ${audit.seed ?? '(not set)'}`,
    `  manifest: ${manifest === null ? '(not imported)' : `${String(manifest.ballots)} ballots in ${String(manifest.batches)} batches`}`,
  ];
  if (audit.method === 'macro') lines.push(`  batch tallies: ${String(view.batchTallies)} batches`);
  else if (view.cvrs > 0) lines.push(`  cast vote records: ${String(view.cvrs)}`);
  for (const r of rounds)
    lines.push(
      `  round ${String(r.round)}: ${String(r.draws)} draws, ${String(r.ballots)} ${audit.method === 'macro' ? 'batches' : 'ballots'}, ${String(r.entered)} entered`,
    );
  if (audit.alpha !== null) {
    lines.push(`  estimator: ${describeEstimator(audit.alpha.estimator)}`);
    for (const [id, share] of Object.entries(audit.alpha.supermajority)) {
      const contest = audit.contests.find((x) => x.contestId === id);
      lines.push(
        `  ${contest?.name ?? id}: needs more than ${String(share.numerator)}/${String(share.denominator)} of valid votes (supermajority assorter)`,
      );
    }
  }
  const auditRisk = (measurement as { auditRisk?: number } | null)?.auditRisk;
  if (auditRisk !== undefined)
    lines.push(
      `  audit risk (one test across all contests, decides): ${auditRisk.toPrecision(4)}${measurement?.finished === true ? ' (met)' : ''}`,
    );
  for (const c of measurement?.contests ?? []) {
    const contest = audit.contests.find((x) => x.contestId === c.contestId);
    const own = (c as { ownRisk?: number }).ownRisk;
    lines.push(
      own === undefined
        ? `  ${contest?.name ?? c.contestId}: risk ${c.risk.toPrecision(4)}${c.finished ? ' (met)' : ''}`
        : `  ${contest?.name ?? c.contestId}: own MACRO risk ${own.toPrecision(4)}`,
    );
  }
  const next = measurement?.nextRound;
  if (next != null) {
    const offered = Object.entries(next.options)
      .map(([key, o]) => `${key}=${String(o.size)}`)
      .join(', ');
    lines.push(`  next round options: ${offered} (proposed: ${next.recommended})`);
  }
  lines.push(`  next: ${view.next}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
