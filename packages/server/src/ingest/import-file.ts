import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  decodeUtf8,
  importOpenElections,
  inferElectionMetaFromFileName,
  type ElectionDefinition,
  type SourceError,
} from '@canvass/core';
import type { Store, WriteOutcome } from '../store/store.ts';

/** How to treat known-bad rows deliberately, recorded with the import. */
export interface ImportPolicy {
  readonly onDuplicate: 'error' | 'sum' | 'first';
  readonly onCountyTotal: 'error' | 'skip';
}

/** A request to import one results file. */
export interface ImportFileRequest {
  readonly store: Store;
  readonly path: string;
  /** The election to import into; derived from an OpenElections file name when absent. */
  readonly electionId?: string | null;
  readonly submittedBy: string;
  readonly policy?: ImportPolicy;
  /** Called as bytes are read, for a progress bar. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** What happened to an import, with the election it went into. */
export type ImportFileOutcome = WriteOutcome & { readonly electionId: string };

const DEFAULT_POLICY: ImportPolicy = { onDuplicate: 'error', onCountyTotal: 'error' };

/**
 * Imports an OpenElections precinct CSV as one submission, streaming it: the file is hashed,
 * decoded, parsed, validated and stored in one pass and one transaction.
 * @example await importFile({ store, path: 'data/20171212__al__special__general__precinct.csv', submittedBy: 'cli' })
 */
export async function importFile(request: ImportFileRequest): Promise<ImportFileOutcome> {
  const policy = request.policy ?? DEFAULT_POLICY;
  const file = basename(request.path);
  const { size } = await stat(request.path);
  const meta = inferElectionMetaFromFileName(file);
  const electionId = request.electionId ?? meta?.id ?? null;
  if (electionId === null) {
    return rejected('', [
      {
        file,
        line: null,
        column: null,
        code: 'election-required',
        reason: 'cannot tell the election from the file name; pass --election ID',
      },
    ]);
  }
  const existing = await request.store.getElection(electionId);
  const definition: ElectionDefinition | null = existing === null ? null : await request.store.getDefinition(existing.definitionHash);
  const election = {
    id: electionId,
    name: meta?.name ?? electionId,
    date: meta?.date ?? new Date().toISOString().slice(0, 10),
    state: meta?.state ?? null,
    type: meta?.type ?? 'other',
  } as const;

  const outcome = await request.store.writeSubmission(
    { electionId, format: 'openelections', sourceName: file, submittedBy: request.submittedBy, options: { ...policy } },
    async (sink) => {
      const hash = createHash('sha256');
      let bytesRead = 0;
      async function* bytes(): AsyncGenerator<Uint8Array> {
        for await (const chunk of createReadStream(request.path, { highWaterMark: 1 << 20 })) {
          const buffer = chunk as Buffer;
          hash.update(buffer);
          bytesRead += buffer.length;
          request.onProgress?.(bytesRead, size);
          yield buffer;
        }
      }
      const result = await importOpenElections(
        decodeUtf8(bytes(), file),
        { file, definition, election, onDuplicate: policy.onDuplicate, onCountyTotal: policy.onCountyTotal },
        sink,
      );
      return {
        errors: result.errors,
        errorCount: result.errorCount,
        warnings: result.warnings,
        definition: result.definition,
        sha256: hash.digest('hex'),
        byteSize: bytesRead,
        rows: result.rows,
        counts: result.counts,
      };
    },
  );
  return { ...outcome, electionId };
}

function rejected(electionId: string, errors: SourceError[]): ImportFileOutcome {
  return { status: 'rejected', errors, errorCount: errors.length, electionId };
}
