import type { Command } from 'commander';
import { registerAuditVectors } from './audit-vectors.ts';
import { registerAuditWorkflow } from './audit-workflow.ts';
import type { SetExit } from './shared.ts';

/** `canvass audit ...`: risk-limiting audit commands. */
export function registerAudit(program: Command, setExit: SetExit): Command {
  const audit = program.command('audit').description('risk-limiting audits');
  registerAuditVectors(audit, setExit);
  registerAuditWorkflow(audit, setExit);
  return audit;
}
