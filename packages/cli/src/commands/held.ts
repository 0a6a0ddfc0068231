import type { Command } from 'commander';
import type { SetExit } from './shared.ts';

interface HeldOptions {
  readonly server: string;
  readonly token?: string;
  readonly election: string;
  readonly json?: true;
}

interface HeldView {
  readonly id: number;
  readonly sourceName: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly status: string;
  readonly decidedBy: string | null;
  readonly reasons: readonly { readonly message: string }[];
}

/**
 * `canvass held list|approve|reject`: the second approver's side of the reconciliation gate,
 * against a running server (so that an approval reaches its live results at once). The token
 * comes from `--token` or CANVASS_TOKEN and is never printed.
 */
export function registerHeld(program: Command, setExit: SetExit): void {
  const held = program
    .command('held')
    .description('list, approve or reject updates the reconciliation gate held');
  const common = (command: Command): Command =>
    command
      .requiredOption('--election <id>', 'the election')
      .option('--server <url>', 'the Canvass server', 'http://127.0.0.1:8080')
      .option('--token <token>', 'a state administrator API token (default: CANVASS_TOKEN)')
      .option('--json', 'print the response as JSON');

  common(held.command('list'))
    .description('list held updates')
    .option('--status <status>', 'held|approved|rejected (default: all)')
    .action(async (options: HeldOptions & { status?: string }) => {
      const query =
        options.status === undefined ? '' : `?status=${encodeURIComponent(options.status)}`;
      const body = await call(options, 'GET', `/held${query}`, undefined, setExit);
      if (body === null) return;
      if (options.json === true) {
        print(body);
        return;
      }
      const list = body as HeldView[];
      if (list.length === 0) process.stdout.write('No held updates.\n');
      for (const item of list) {
        process.stdout.write(
          `#${item.id}  ${item.status.padEnd(8)}  ${item.sourceName}  by ${item.submittedBy} at ${item.submittedAt}${item.decidedBy === null ? '' : `, decided by ${item.decidedBy}`}\n`,
        );
        for (const reason of item.reasons) process.stdout.write(`    ${reason.message}\n`);
      }
    });

  common(held.command('approve <id>'))
    .description('approve a held update (someone other than its submitter)')
    .option('--reason <text>', 'why it is approved')
    .action(async (id: string, options: HeldOptions & { reason?: string }) => {
      const body = await call(
        options,
        'POST',
        `/held/${encodeURIComponent(id)}/approve`,
        { reason: options.reason },
        setExit,
      );
      if (body === null) return;
      if (options.json === true) {
        print(body);
        return;
      }
      const result = body as { version: number; submissionId: number };
      process.stdout.write(
        `Approved held update #${id}: submission #${result.submissionId}, version ${result.version}.\n`,
      );
    });

  common(held.command('reject <id>'))
    .description('reject a held update, with a reason')
    .requiredOption('--reason <text>', 'why it is rejected')
    .action(async (id: string, options: HeldOptions & { reason: string }) => {
      const body = await call(
        options,
        'POST',
        `/held/${encodeURIComponent(id)}/reject`,
        { reason: options.reason },
        setExit,
      );
      if (body === null) return;
      if (options.json === true) {
        print(body);
        return;
      }
      process.stdout.write(`Rejected held update #${id}.\n`);
    });
}

/** Calls the server; on an error response prints its message, sets exit 1 and returns null. */
async function call(
  options: HeldOptions,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  setExit: SetExit,
): Promise<unknown> {
  const token = options.token ?? process.env['CANVASS_TOKEN'];
  if (token === undefined || token === '') {
    process.stderr.write('a state administrator token is needed: --token or CANVASS_TOKEN\n');
    setExit(2);
    return null;
  }
  const response = await fetch(
    `${options.server.replace(/\/$/, '')}/api/elections/${encodeURIComponent(options.election)}${path}`,
    {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    },
  );
  const parsed = (await response.json()) as { error?: { message: string } };
  if (!response.ok) {
    process.stderr.write(`${response.status}: ${parsed.error?.message ?? 'request failed'}\n`);
    setExit(1);
    return null;
  }
  return parsed;
}

function print(body: unknown): void {
  process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
}
