import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  compareVectorOutputs,
  parseVectorFile,
  runRlaVectors,
  stringifyVectorOutputs,
} from '@canvass/core';
import type { SetExit } from './shared.ts';

const SHOWN_MISMATCHES = 50;

/** Options of {@link runAuditVectors}. */
export interface AuditVectorsOptions {
  readonly emit?: string;
  readonly compare?: true;
}

/** Where {@link runAuditVectors} prints its report and its errors. */
export interface CommandOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const PROCESS_OUTPUT: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * `canvass audit vectors FILE --emit OUT.json`: computes every case of an RLA vector file with
 * Canvass's own audit math (never reading the recorded outputs) and writes
 * `{ "<case id>": output }`, errors as `{ type, message }`. `--compare` also checks the outputs
 * against the recorded ones within the tolerances of the vector format.
 */
export function registerAuditVectors(audit: Command, setExit: SetExit): void {
  audit
    .command('vectors')
    .description('compute every case of an RLA test-vector file with Canvass own audit math')
    .argument('<file>', 'vector file (cases with function, inputs)')
    .option('--emit <out>', 'write { "<case id>": output } to this JSON file')
    .option('--compare', 'compare with the outputs recorded in the file and list mismatches')
    .action(async (file: string, options: AuditVectorsOptions) => {
      setExit(await runAuditVectors(file, options));
    });
}

/**
 * Computes a vector file's cases, writes them to `options.emit`, and with `options.compare`
 * compares them with the recorded outputs; resolves to the exit code (1 on a bad file or a
 * mismatch).
 * @example await runAuditVectors('bravo.json', { emit: 'out.json' }) // 0
 */
export async function runAuditVectors(
  file: string,
  options: AuditVectorsOptions,
  io: CommandOutput = PROCESS_OUTPUT,
): Promise<number> {
  let json: unknown;
  try {
    json = parseVectorFile(await readFile(file, 'utf8'));
  } catch (error) {
    io.err(`${file}: cannot read the vector file: ${message(error)}\n`);
    return 1;
  }
  let outputs: Record<string, unknown>;
  try {
    outputs = runRlaVectors(json, { digest: sha256 });
  } catch (error) {
    // Only a malformed file gets here: each case's own errors are part of its output.
    io.err(`${file}: not a vector file: ${message(error)}\n`);
    return 1;
  }
  const ids = Object.keys(outputs);
  const errors = ids.filter((id) => isError(outputs[id])).length;
  const unsupported = ids.filter((id) => isError(outputs[id], 'Unsupported')).length;
  if (options.emit !== undefined) await writeFile(options.emit, stringifyVectorOutputs(outputs));
  io.out(
    `${file}: ${String(ids.length)} cases computed (${String(errors - unsupported)} raised an error, ` +
      `${String(unsupported)} unsupported)${options.emit === undefined ? '' : ` -> ${options.emit}`}\n`,
  );
  if (options.compare !== true) return 0;
  const { counts, mismatches, byDesign } = compareVectorOutputs(json, outputs, basename(file));
  io.out(`compared with the recorded outputs: ${JSON.stringify(counts)}\n`);
  for (const d of byDesign) io.out(`  differs by design: ${d.id}: ${d.reason}\n`);
  for (const m of mismatches.slice(0, SHOWN_MISMATCHES)) io.out(`  MISMATCH ${m}\n`);
  if (mismatches.length > SHOWN_MISMATCHES)
    io.out(`  ... and ${String(mismatches.length - SHOWN_MISMATCHES)} more\n`);
  return mismatches.length === 0 ? 0 : 1;
}

function sha256(text: string): Uint8Array {
  return createHash('sha256').update(text).digest();
}

function isError(output: unknown, type?: string): boolean {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return false;
  const keys = Object.keys(output);
  const t = (output as { type?: unknown }).type;
  return (
    keys.length === 2 &&
    typeof t === 'string' &&
    'message' in output &&
    (type === undefined || t === type)
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
