import {
  importDocument,
  importOpenElections,
  isDocumentFormat,
  type OpenElectionsImportOptions,
  type SubmissionSink,
} from '@canvass/core';

/**
 * Parses a kept submission source again with the importer of the format it was submitted in
 * (OpenElections CSV, or a NIST or Clarity document), against the definition it was validated
 * against; verification compares what comes out with what the ledger signed.
 */
export async function reparseSource(
  format: string,
  chunks: AsyncIterable<string>,
  options: OpenElectionsImportOptions & {
    readonly definition: NonNullable<OpenElectionsImportOptions['definition']>;
  },
  sink: SubmissionSink,
): Promise<{ readonly ok: boolean }> {
  if (!isDocumentFormat(format)) return importOpenElections(chunks, options, sink);
  return importDocument(
    format,
    chunks,
    { file: options.file, definition: options.definition, electionId: options.definition.id },
    sink,
  );
}
