import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  decodeUtf8,
  importOpenElections,
  inferElectionMetaFromFileName,
  type ElectionDefinition,
  type SourceError,
  type SubmissionSink,
} from '@canvass/core';
import type { ElectionState } from '../store/election-state.ts';
import type { LedgerAnnex } from '../store/ledger-annex.ts';
import type { Store, WriteOutcome } from '../store/store.ts';
import { CountyScope } from './county-scope.ts';
import { decodeAscii } from './decode-ascii.ts';
import { parseInWorker, type WorkerParse } from './parse-in-worker.ts';
import type { WorkerInput } from './worker-protocol.ts';

/** Counts per batch a parse worker posts (about 1.8 MB of typed arrays). */
const WORKER_BATCH = 65_536;

/** How to treat known-bad rows deliberately; recorded with the import. */
export interface ImportPolicy {
  readonly onDuplicate: 'error' | 'sum' | 'first';
  readonly onCountyTotal: 'error' | 'skip';
}

/** The default policy: a duplicated key or a county-total row rejects the file. */
export const STRICT_POLICY: ImportPolicy = { onDuplicate: 'error', onCountyTotal: 'error' };

/** Where a submission's bytes come from. */
export type ImportSource =
  | { readonly kind: 'bytes'; readonly bytes: AsyncIterable<Uint8Array> }
  | { readonly kind: 'file-in-worker'; readonly path: string };

/** A request to import one results source, read as a stream of bytes. */
export interface ImportStreamRequest {
  readonly store: Store;
  /** The bytes, or a file to parse in a worker thread (large files: parsing and storing then use two cores). */
  readonly source: ImportSource;
  /** The source's file name, used in messages and to derive the election from OpenElections names. */
  readonly sourceName: string;
  /** The election to import into; derived from an OpenElections file name when absent. */
  readonly electionId?: string | null;
  readonly submittedBy: string;
  readonly policy?: ImportPolicy;
  /** Called with the running byte count. */
  readonly onBytes?: (bytesRead: number) => void;
  /**
   * For a county official: the counties (lower-case names) the submitter may submit for. A
   * submission touching any other county is rejected whole with `forbidden-county` errors.
   */
  readonly allowedCounties?: ReadonlySet<string> | null;
  /** A further ledger record written with the submission (a correction, an approval). */
  readonly annex?: LedgerAnnex;
  /** The election state the gate decided against; see `SubmissionRequest.expectedState`. */
  readonly expectedState?: ElectionState;
}

/** What happened to an import, with the election it went into. */
export type ImportOutcome = WriteOutcome & { readonly electionId: string };

/**
 * Imports an OpenElections precinct CSV as one submission, in one pass and one transaction: the
 * bytes are hashed, decoded, parsed, validated against the election's definition (or used to
 * infer one for a new election) and stored, or nothing is stored at all.
 */
export async function importStream(request: ImportStreamRequest): Promise<ImportOutcome> {
  const policy = request.policy ?? STRICT_POLICY;
  const file = request.sourceName;
  const meta = inferElectionMetaFromFileName(file);
  const electionId = request.electionId ?? meta?.id ?? null;
  if (electionId === null) {
    return rejectedWith('', {
      file,
      line: null,
      column: null,
      code: 'election-required',
      reason: 'cannot tell the election from the file name; name the election (--election ID)',
    });
  }
  const existing = await request.store.getElection(electionId);
  const definition: ElectionDefinition | null =
    existing === null ? null : await request.store.getDefinition(existing.definitionHash);
  const allowed = request.allowedCounties ?? null;
  if (allowed !== null && definition === null) {
    return rejectedWith(electionId, {
      file,
      line: null,
      column: null,
      code: 'forbidden-county',
      reason: `${request.submittedBy} may not create election ${electionId}; a state administrator defines it first`,
    });
  }
  const election = {
    id: electionId,
    name: meta?.name ?? electionId,
    date: meta?.date ?? new Date().toISOString().slice(0, 10),
    state: meta?.state ?? null,
    type: meta?.type ?? 'other',
  } as const;

  const outcome = await request.store.writeSubmission(
    {
      electionId,
      format: 'openelections',
      sourceName: file,
      submittedBy: request.submittedBy,
      options: { ...policy },
      ...(request.annex === undefined ? {} : { annex: request.annex }),
      ...(request.expectedState === undefined ? {} : { expectedState: request.expectedState }),
    },
    async (storeSink, keepSource) => {
      const scope =
        allowed !== null && definition !== null
          ? new CountyScope(storeSink, definition, allowed)
          : null;
      const sink = scope ?? storeSink;
      const options = {
        file,
        definition,
        election,
        onDuplicate: policy.onDuplicate,
        onCountyTotal: policy.onCountyTotal,
      };
      const onBytes = (bytesRead: number): void => request.onBytes?.(bytesRead);
      const parsed =
        request.source.kind === 'file-in-worker'
          ? await parseInWorker(
              // Larger batches for the worker: fewer messages between threads.
              { path: request.source.path, options: { ...options, batchSize: WORKER_BATCH } },
              sink,
              keepSource,
              onBytes,
            )
          : await parseInline(request.source.bytes, options, sink, keepSource, onBytes);
      const forbidden = scope?.violations(file, request.submittedBy) ?? [];
      return {
        errors: [...forbidden, ...parsed.result.errors],
        errorCount: forbidden.length + parsed.result.errorCount,
        warnings: parsed.result.warnings,
        definition: parsed.result.definition,
        sha256: parsed.sha256,
        byteSize: parsed.byteSize,
        rows: parsed.result.rows,
        counts: parsed.result.counts,
      };
    },
  );
  return { ...outcome, electionId };
}

/** Parses on this thread: for submissions small enough that a worker would cost more than it saves. */
async function parseInline(
  bytes: AsyncIterable<Uint8Array>,
  options: WorkerInput['options'],
  sink: SubmissionSink,
  keepSource: (chunk: Uint8Array) => Promise<void>,
  onBytes: (bytesRead: number) => void,
): Promise<WorkerParse> {
  const hash = createHash('sha256');
  let byteSize = 0;
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of bytes) {
      hash.update(chunk);
      await keepSource(gzipSync(chunk, { level: 1 }));
      byteSize += chunk.length;
      onBytes(byteSize);
      yield chunk;
    }
  }
  const result = await importOpenElections(
    decodeUtf8(hashed(), options.file, decodeAscii),
    options,
    sink,
  );
  return { result, sha256: hash.digest('hex'), byteSize };
}

function rejectedWith(electionId: string, error: SourceError): ImportOutcome {
  return { status: 'rejected', errors: [error], errorCount: 1, electionId };
}
