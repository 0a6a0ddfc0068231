import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { detectFormat, type SubmissionFormat } from '@canvass/core';
import type { Store } from '../store/store.ts';
import { importDocumentStream } from './import-document-stream.ts';
import { importStream, type ImportOutcome, type ImportPolicy } from './import-stream.ts';

// Below this size a worker thread costs more to start than it saves.
const WORKER_THRESHOLD_BYTES = 16 << 20;

/** A request to import one results file from disk. */
export interface ImportFileRequest {
  readonly store: Store;
  readonly path: string;
  /** The election to import into; derived from an OpenElections file name when absent. */
  readonly electionId?: string | null;
  readonly submittedBy: string;
  readonly policy?: ImportPolicy;
  /** Parse in a worker thread; by default only files of 16 MB or more are. */
  readonly worker?: boolean;
  /** Called as bytes are read, for a progress bar. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** The file's format; by default told from its content (see detectFormat). */
  readonly format?: SubmissionFormat | null;
}

/**
 * Imports a results file from disk as one submission (see {@link importStream}).
 * @example await importFile({ store, path: 'data/20171212__al__special__general__precinct.csv', submittedBy: 'cli' })
 */
export async function importFile(request: ImportFileRequest): Promise<ImportOutcome> {
  const { size } = await stat(request.path);
  const format = request.format ?? (await sniffFormat(request.path));
  if (format === null)
    return {
      status: 'rejected',
      errors: [
        {
          file: basename(request.path),
          line: null,
          column: null,
          code: 'unknown-format',
          reason:
            'not a format Canvass reads (OpenElections CSV, NIST SP 1500-100 JSON or XML, Clarity detail.xml); name it with --format',
        },
      ],
      errorCount: 1,
      electionId: request.electionId ?? '',
    };
  if (format !== 'openelections')
    return importDocumentStream({
      store: request.store,
      format,
      bytes: createReadStream(request.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>,
      sourceName: basename(request.path),
      electionId: request.electionId ?? null,
      submittedBy: request.submittedBy,
      onBytes: (bytesRead) => request.onProgress?.(bytesRead, size),
    });
  return importStream({
    store: request.store,
    source:
      (request.worker ?? size >= WORKER_THRESHOLD_BYTES)
        ? { kind: 'file-in-worker', path: request.path }
        : {
            kind: 'bytes',
            bytes: createReadStream(request.path, {
              highWaterMark: 1 << 20,
            }) as AsyncIterable<Buffer>,
          },
    sourceName: basename(request.path),
    electionId: request.electionId ?? null,
    submittedBy: request.submittedBy,
    ...(request.policy === undefined ? {} : { policy: request.policy }),
    onBytes: (bytesRead) => request.onProgress?.(bytesRead, size),
  });
}

/** The format of a file, from its first 8 KB. */
async function sniffFormat(path: string): Promise<SubmissionFormat | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return detectFormat(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}
