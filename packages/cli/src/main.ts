import { Command, CommanderError } from 'commander';
import { registerAccounts } from './commands/accounts.ts';
import { registerAudit } from './commands/audit.ts';
import { registerDemo } from './commands/demo.ts';
import { registerElections } from './commands/elections.ts';
import { registerExport } from './commands/export.ts';
import { registerHeld } from './commands/held.ts';
import { registerArchive } from './commands/archive.ts';
import { registerImport } from './commands/import.ts';
import { registerRecount } from './commands/recount.ts';
import { registerReplay } from './commands/replay.ts';
import { registerResults } from './commands/results.ts';
import { registerServe } from './commands/serve.ts';
import { registerVerify } from './commands/verify.ts';
import { registerBacktest } from './commands/backtest.ts';
import { registerWebhooks } from './commands/webhooks.ts';

/**
 * Runs the `canvass` command line and resolves to the process exit code.
 * @example await main(['node', 'canvass', 'results', '--json'])
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('canvass')
    .description('Election results from the first precinct report to a certified result')
    .exitOverride()
    .showHelpAfterError();
  const exit = { code: 0 };
  const setExit = (code: number): void => {
    exit.code = Math.max(exit.code, code);
  };
  registerDemo(program, setExit);
  registerImport(program, setExit);
  registerExport(program, setExit);
  registerElections(program, setExit);
  registerResults(program, setExit);
  registerServe(program, setExit);
  registerReplay(program, setExit);
  registerAccounts(program, setExit);
  registerVerify(program, setExit);
  registerHeld(program, setExit);
  registerArchive(program, setExit);
  registerBacktest(program, setExit);
  registerWebhooks(program, setExit);
  registerAudit(program, setExit);
  registerRecount(program, setExit);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return exit.code;
}
