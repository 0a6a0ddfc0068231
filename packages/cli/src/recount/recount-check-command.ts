import type { Command } from 'commander';
import {
  evaluateRecount,
  OFFICE_SCOPES,
  RECOUNT_CONTEST_KINDS,
  RECOUNT_ELECTION_TYPES,
  recountCheckJson,
  type RecountInput,
} from '@canvass/core';
import { shippedRecountRules } from '@canvass/server';
import { parseVotesOption } from './parse-votes-option.ts';
import { renderRecountCheck } from './render-recount-check.ts';

interface CheckOptions {
  state: string;
  election: string;
  officeScope: string;
  votes: string;
  kind: string;
  seats: string;
  ballots?: string;
  year?: string;
  json?: true;
}

const oneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** A problem with the options, as the message printed to stderr. */
type Checked = { ok: true; input: RecountInput } | { ok: false; message: string };

function positiveInteger(name: string, text: string, min: number): number | string {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min)
    return `${name} must be a whole number of at least ${String(min)}, not ${JSON.stringify(text)}`;
  return value;
}

/** Turns the command's options into an evaluation input, or says which option is wrong. */
export function recountCheckInput(options: CheckOptions): Checked {
  const state = options.state.toUpperCase();
  if (!/^[A-Z]{2}$/.test(state))
    return { ok: false, message: `--state must be a two-letter code, not ${options.state}` };
  if (!oneOf(RECOUNT_ELECTION_TYPES, options.election))
    return {
      ok: false,
      message: `--election must be one of ${RECOUNT_ELECTION_TYPES.join(', ')}; not ${options.election}`,
    };
  if (!oneOf(OFFICE_SCOPES, options.officeScope))
    return {
      ok: false,
      message: `--office-scope must be one of ${OFFICE_SCOPES.join(', ')}; not ${options.officeScope}`,
    };
  if (!oneOf(RECOUNT_CONTEST_KINDS, options.kind))
    return {
      ok: false,
      message: `--kind must be one of ${RECOUNT_CONTEST_KINDS.join(', ')}; not ${options.kind}`,
    };
  const seats = positiveInteger('--seats', options.seats, 1);
  if (typeof seats === 'string') return { ok: false, message: seats };
  const ballots =
    options.ballots === undefined ? undefined : positiveInteger('--ballots', options.ballots, 0);
  if (typeof ballots === 'string') return { ok: false, message: ballots };
  const year = options.year === undefined ? undefined : positiveInteger('--year', options.year, 1);
  if (typeof year === 'string') return { ok: false, message: year };
  const votes = parseVotesOption(options.votes);
  if (!votes.ok) return { ok: false, message: votes.error.message };
  return {
    ok: true,
    input: {
      state,
      electionType: options.election,
      scope: options.officeScope,
      kind: options.kind,
      seats,
      choices: votes.choices,
      ...(ballots === undefined ? {} : { totalBallots: ballots }),
      ...(year === undefined ? {} : { electionYear: year }),
    },
  };
}

/** `canvass recount check`: one contest's result against its state's recount law. */
export function registerRecountCheck(recount: Command, setExit: (code: number) => void): void {
  recount
    .command('check')
    .description("whether a contest's margin triggers an automatic recount or allows a request")
    .requiredOption('--state <code>', 'two-letter state code (DC included)')
    .requiredOption('--election <type>', RECOUNT_ELECTION_TYPES.join(' | '))
    .requiredOption('--office-scope <scope>', OFFICE_SCOPES.join(' | '))
    .requiredOption('--votes <list>', '"Name=votes,Other=votes,Write-In=votes"')
    .option('--kind <kind>', 'candidate | measure (a measure: --votes "Yes=..,No=..")', 'candidate')
    .option('--seats <n>', 'vote for N: the number of seats filled', '1')
    .option('--ballots <n>', 'ballots cast on which the contest appeared (for rules that use it)')
    .option('--year <yyyy>', "the election's year, to apply the law then in force")
    .option('--json', 'print JSON')
    .action((options: CheckOptions) => {
      const checked = recountCheckInput(options);
      if (!checked.ok) {
        process.stderr.write(`${checked.message}\n`);
        setExit(2);
        return;
      }
      const result = evaluateRecount(shippedRecountRules(), checked.input);
      if (!result.ok) {
        process.stderr.write(`${result.error.message}\n`);
        setExit(2);
        return;
      }
      process.stdout.write(
        options.json === true
          ? `${JSON.stringify(recountCheckJson(result.value), null, 2)}\n`
          : renderRecountCheck(result.value, checked.input),
      );
    });
}
