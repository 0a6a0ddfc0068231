import type { SubmissionSink } from '../../model/submission.ts';
import { SourceFileError } from '../source-file-error.ts';
import { DocumentLog } from '../document/document-log.ts';
import {
  placeholderDefinition,
  type DocumentImportOptions,
  type DocumentImportResult,
} from '../document/document-submission.ts';
import { emitDocument } from '../document/emit-document.ts';
import { jsonErrorPosition } from '../document/json-error-position.ts';
import { checkNistReport } from './nist-checks.ts';
import { NistReportSchema, type NistReportIn } from './nist-schema.ts';
import { nistToDocument, type LineOf } from './nist-to-document.ts';

/**
 * Imports a NIST SP 1500-100 v2 JSON report streamed as text chunks as one submission: parses
 * it, checks the fields Canvass reads and what the schema leaves unchecked (ids and references,
 * one root unit, whole-number counts, time zones), reads it into a definition with counts and
 * facts, and hands them to the sink only when there is no error. Errors name the JSON path.
 * @example const result = await importNistJson(decodeUtf8(bytes, file), { file, definition: null, electionId: null }, sink);
 */
export async function importNistJson(
  chunks: AsyncIterable<string>,
  options: DocumentImportOptions,
  sink: SubmissionSink,
): Promise<DocumentImportResult> {
  const log = new DocumentLog(options.file, options.maxErrors ?? 1000);
  let text = '';
  try {
    for await (const chunk of chunks) text += chunk;
  } catch (error) {
    if (!(error instanceof SourceFileError)) throw error;
    for (const item of error.errors) log.error(item.line, item.column, 'encoding', item.reason);
    return finish(log, options, null, 0, 0);
  }
  const parsed = parseJson(text.replace(/^\ufeff/, ''), log);
  if (parsed === undefined) return finish(log, options, null, 0, 0);
  const report = readReport(parsed, log);
  if (report === null) return finish(log, options, null, 0, 0);
  return importNistReport(report, options, log, sink);
}

/**
 * Imports a NIST report already parsed (from JSON or XML) into the sink; shared by both syntaxes.
 */
export async function importNistReport(
  report: NistReportIn,
  options: DocumentImportOptions,
  log: DocumentLog,
  sink: SubmissionSink,
  lineOf: LineOf = () => null,
): Promise<DocumentImportResult> {
  for (const problem of checkNistReport(report))
    log.error(lineOf(problem.path), problem.path, problem.code, problem.reason);
  if (log.errorCount > 0) return finish(log, options, null, 0, 0);
  const document = nistToDocument(report, options.electionId, log, lineOf);
  const emitted = await emitDocument(document, options.definition, log, sink);
  return finish(log, options, emitted.definition, document.rows, emitted.counts);
}

/** Reads the fields Canvass needs, reporting each schema problem with its path. */
export function readReport(
  value: unknown,
  log: DocumentLog,
  lineOf: LineOf = () => null,
): NistReportIn | null {
  const checked = NistReportSchema.safeParse(value);
  if (checked.success) return checked.data;
  for (const issue of checked.error.issues) {
    const path = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    log.error(lineOf(path), path === '' ? null : path, 'schema', issue.message);
  }
  return null;
}

function parseJson(text: string, log: DocumentLog): unknown {
  if (text.trim() === '') {
    log.error(null, null, 'empty-file', 'the file is empty');
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    const at = jsonErrorPosition(text);
    log.error(
      at?.line ?? null,
      null,
      'malformed',
      at === null ? `not valid JSON: ${message}` : `not valid JSON at column ${at.column}`,
    );
    return undefined;
  }
}

function finish(
  log: DocumentLog,
  options: DocumentImportOptions,
  definition: DocumentImportResult['definition'] | null,
  rows: number,
  counts: number,
): DocumentImportResult {
  return {
    ok: log.errorCount === 0,
    errors: log.errors,
    errorCount: log.errorCount,
    warnings: log.warnings,
    definition: definition ?? options.definition ?? placeholderDefinition(options.electionId),
    rows,
    counts,
  };
}
