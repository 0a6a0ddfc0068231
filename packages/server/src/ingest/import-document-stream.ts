import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  decodeUtf8,
  importDocument,
  type ElectionDefinition,
  type SourceError,
  type SubmissionFormat,
  type SubmissionSink,
} from '@canvass/core';
import type { Store } from '../store/store.ts';
import { CountyScope } from './county-scope.ts';
import type { ImportOutcome } from './import-stream.ts';

/** A request to import one results document (NIST JSON or XML, Clarity XML). */
export interface ImportDocumentRequest {
  readonly store: Store;
  readonly format: Exclude<SubmissionFormat, 'openelections'>;
  readonly bytes: AsyncIterable<Uint8Array>;
  /** The source's file name, used in messages. */
  readonly sourceName: string;
  /** The election to import into; by default the one the document names (or implies). */
  readonly electionId?: string | null;
  readonly submittedBy: string;
  readonly onBytes?: (bytesRead: number) => void;
  /** For a county official: the counties (lower-case names) the submitter may submit for. */
  readonly allowedCounties?: ReadonlySet<string> | null;
}

// eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * Imports a results document as one submission, like an OpenElections file: hashed, kept,
 * validated against the election's definition (or defining a new election) and stored in one
 * transaction, or not at all. The document is read into memory first, because which election it
 * belongs to is inside it; such files are a few megabytes even for a whole state.
 */
export async function importDocumentStream(request: ImportDocumentRequest): Promise<ImportOutcome> {
  const chunks: Uint8Array[] = [];
  let bytesRead = 0;
  for await (const chunk of request.bytes) {
    chunks.push(chunk);
    bytesRead += chunk.length;
    request.onBytes?.(bytesRead);
  }
  const source = Buffer.concat(chunks);
  const file = request.sourceName;
  const discard: SubmissionSink = { counts: () => undefined, facts: () => undefined };

  let electionId = request.electionId ?? null;
  if (electionId === null) {
    // Read once to learn the election; a document that cannot be read is rejected here.
    const probe = await importDocument(
      request.format,
      decodeUtf8(once(source), file),
      { file, definition: null, electionId: null },
      discard,
    );
    if (!probe.ok)
      return {
        status: 'rejected',
        errors: probe.errors,
        errorCount: probe.errorCount,
        electionId: '',
      };
    electionId = probe.definition.id;
  }
  const existing = await request.store.getElection(electionId);
  const definition: ElectionDefinition | null =
    existing === null ? null : await request.store.getDefinition(existing.definitionHash);
  const allowed = request.allowedCounties ?? null;
  if (allowed !== null && definition === null)
    return rejectedWith(electionId, {
      file,
      line: null,
      column: null,
      code: 'forbidden-county',
      reason: `${request.submittedBy} may not create election ${electionId}; a state administrator defines it first`,
    });

  const outcome = await request.store.writeSubmission(
    {
      electionId,
      format: request.format,
      sourceName: file,
      submittedBy: request.submittedBy,
      options: {},
    },
    async (storeSink, keepSource) => {
      await keepSource(gzipSync(source, { level: 1 }));
      const scope =
        allowed !== null && definition !== null
          ? new CountyScope(storeSink, definition, allowed)
          : null;
      const result = await importDocument(
        request.format,
        decodeUtf8(once(source), file),
        { file, definition, electionId },
        scope ?? storeSink,
      );
      const forbidden = scope?.violations(file, request.submittedBy) ?? [];
      return {
        errors: [...forbidden, ...result.errors],
        errorCount: forbidden.length + result.errorCount,
        warnings: result.warnings,
        definition: result.definition,
        sha256: createHash('sha256').update(source).digest('hex'),
        byteSize: source.length,
        rows: result.rows,
        counts: result.counts,
      };
    },
  );
  return { ...outcome, electionId };
}

function rejectedWith(electionId: string, error: SourceError): ImportOutcome {
  return { status: 'rejected', errors: [error], errorCount: 1, electionId };
}
