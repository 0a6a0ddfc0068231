import type { Command } from 'commander';
import { registerRecountCheck } from '../recount/recount-check-command.ts';
import {
  registerRecountCompare,
  registerRecountImport,
} from '../recount/recount-import-command.ts';

/** `canvass recount`: recount law checks and recount comparisons. */
export function registerRecount(program: Command, setExit: (code: number) => void): void {
  const recount = program
    .command('recount')
    .description("check a contest against its state's recount law; compare a recount");
  registerRecountCheck(recount, setExit);
  registerRecountImport(recount, setExit);
  registerRecountCompare(recount, setExit);
}
