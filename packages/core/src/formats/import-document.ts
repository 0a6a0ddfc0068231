import type { SubmissionSink } from '../model/submission.ts';
import type {
  DocumentImportOptions,
  DocumentImportResult,
} from './document/document-submission.ts';
import type { SubmissionFormat } from './detect-format.ts';
import { importClarity } from './clarity/import-clarity.ts';
import { importNistJson } from './nist/import-nist-json.ts';
import { importNistXml } from './nist/import-nist-xml.ts';

/**
 * Imports a results document of one of the document formats (NIST JSON or XML, Clarity XML)
 * as one submission: the same contract for each (see {@link DocumentImportResult}), so the
 * ingest pipeline and ledger verification treat them alike.
 * @example await importDocument('nist-json', decodeUtf8(bytes, file), { file, definition: null, electionId: null }, sink)
 */
export function importDocument(
  format: Exclude<SubmissionFormat, 'openelections'>,
  chunks: AsyncIterable<string>,
  options: DocumentImportOptions,
  sink: SubmissionSink,
): Promise<DocumentImportResult> {
  switch (format) {
    case 'nist-json':
      return importNistJson(chunks, options, sink);
    case 'nist-xml':
      return importNistXml(chunks, options, sink);
    case 'clarity-xml':
      return importClarity(chunks, options, sink);
  }
}
