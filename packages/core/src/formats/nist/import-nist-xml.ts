import type { SubmissionSink } from '../../model/submission.ts';
import { DocumentLog } from '../document/document-log.ts';
import {
  placeholderDefinition,
  type DocumentImportOptions,
  type DocumentImportResult,
} from '../document/document-submission.ts';
import { importNistReport, readReport } from './import-nist-json.ts';
import { readNistXml } from './nist-xml-reader.ts';

/**
 * Imports a NIST SP 1500-100 v2 XML report (streamed through a SAX parser) as one submission,
 * with the same checks and the same result as the JSON format; errors carry the line.
 * @example const result = await importNistXml(decodeUtf8(bytes, file), { file, definition: null, electionId: null }, sink);
 */
export async function importNistXml(
  chunks: AsyncIterable<string>,
  options: DocumentImportOptions,
  sink: SubmissionSink,
): Promise<DocumentImportResult> {
  const log = new DocumentLog(options.file, options.maxErrors ?? 1000);
  const read = await readNistXml(chunks, log);
  const report = read === null ? null : readReport(read.report, log, read.lineOf);
  if (read === null || report === null)
    return {
      ok: false,
      errors: log.errors,
      errorCount: log.errorCount,
      warnings: log.warnings,
      definition: options.definition ?? placeholderDefinition(options.electionId),
      rows: 0,
      counts: 0,
    };
  return importNistReport(report, options, log, sink, read.lineOf);
}
