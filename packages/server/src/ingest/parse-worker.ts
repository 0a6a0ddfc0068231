// Worker thread: reads, decodes and parses one large results file, and posts the source bytes and
// the parsed count batches to the main thread, which hashes and stores them. Parsing is the slower
// half, so everything else runs on the main thread. Started by parse-in-worker.ts.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import {
  decodeUtf8,
  importOpenElections,
  type CountBatch,
  type FactRecord,
  type OpenElectionsImportOptions,
} from '@canvass/core';
import { decodeAscii } from './decode-ascii.ts';
import type { WorkerInput, WorkerMessage } from './worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs only as a worker thread');
const input = workerData as WorkerInput;
const MAX_IN_FLIGHT = 32;
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (message: { type: 'credit'; count: number }) => {
  inFlight -= message.count;
  wake?.();
  wake = null;
});

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
  inFlight++;
}

/** Waits while the main thread is behind, so memory stays bounded whatever the file size. */
async function throttle(): Promise<void> {
  while (inFlight > MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
}

let byteSize = 0;
async function* bytes(): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(input.path, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer;
    byteSize += buffer.length;
    // A copy the main thread owns (the stream reuses its buffers); the main thread, which has
    // time to spare while this one parses, hashes and compresses it.
    const copy = new Uint8Array(buffer);
    post({ type: 'source', chunk: copy, bytesRead: byteSize }, [copy.buffer]);
    await throttle();
    yield buffer;
  }
}

const options: OpenElectionsImportOptions = { ...input.options };
const result = await importOpenElections(decodeUtf8(bytes(), options.file, decodeAscii), options, {
  counts: async (batch: CountBatch) => {
    const arrays = [
      batch.unit,
      batch.contest,
      batch.target,
      batch.line,
      batch.voteType,
      batch.value,
      batch.sourceLine,
    ];
    post(
      { type: 'counts', batch },
      arrays.map((array) => array.buffer as ArrayBuffer),
    );
    await throttle();
  },
  facts: (records: readonly FactRecord[]) => {
    post({ type: 'facts', records: [...records] });
  },
});
post({ type: 'done', result, byteSize });
// Nothing more to say: closing the port lets the worker exit on its own.
port.close();
