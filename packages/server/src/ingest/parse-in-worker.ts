import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import type { OpenElectionsImportResult, SubmissionSink } from '@canvass/core';
import type { WorkerInput, WorkerMessage } from './worker-protocol.ts';

// The worker runs TypeScript like this process: a tiny module registers the tsx loader inside the
// worker, then loads the worker's own source.
const WORKER_BOOTSTRAP = new URL(
  `data:text/javascript,${encodeURIComponent(
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\n` +
      `register();\n` +
      `await import(${JSON.stringify(new URL('./parse-worker.ts', import.meta.url).href)});\n`,
  )}`,
);

/** What a worker parse reports at the end. */
export interface WorkerParse {
  readonly result: OpenElectionsImportResult;
  readonly sha256: string;
  readonly byteSize: number;
}

/**
 * Parses a file in a worker thread and feeds its source bytes and counts to the store on this
 * thread, in order, acknowledging each message so the worker never runs far ahead.
 */
export function parseInWorker(
  input: WorkerInput,
  sink: SubmissionSink,
  keepSource: (chunk: Uint8Array) => Promise<void>,
  onBytes: (bytesRead: number) => void,
): Promise<WorkerParse> {
  const worker = new Worker(WORKER_BOOTSTRAP, { workerData: input });
  const hash = createHash('sha256');
  return new Promise<WorkerParse>((resolve, reject) => {
    let queue: Promise<void> = Promise.resolve();
    let failed = false;
    let finished: WorkerParse | null = null;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    worker.on('message', (message: WorkerMessage) => {
      queue = queue
        .then(async () => {
          if (failed) return;
          switch (message.type) {
            case 'source':
              hash.update(message.chunk);
              await keepSource(gzipSync(message.chunk, { level: 1 }));
              onBytes(message.bytesRead);
              break;
            case 'counts':
              await sink.counts(message.batch);
              break;
            case 'facts':
              await sink.facts(message.records);
              break;
            case 'done':
              // Resolved on exit, so the worker's memory is gone before the caller stores the result.
              finished = {
                result: message.result,
                sha256: hash.digest('hex'),
                byteSize: message.byteSize,
              };
              return;
          }
          worker.postMessage({ type: 'credit', count: 1 });
        })
        .catch(fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      void queue.then(() => {
        if (finished !== null) resolve(finished);
        else fail(new Error(`the parse worker stopped (code ${code}) before it finished`));
      });
    });
  });
}
