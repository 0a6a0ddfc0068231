// Worker thread: ranks one range of a ballot manifest's first tickets into the shared key array.
// Started by parallel-ranking.ts.
import { parentPort } from 'node:worker_threads';
import { rankBallots } from '@canvass/core';
import type { RankJob } from './parallel-ranking.ts';

const port = parentPort;
if (port === null) throw new Error('ranking-worker.ts runs only as a worker thread');
port.on('message', (job: RankJob) => {
  try {
    // The job carries only the batches that cover its range; `offset` is the population index
    // of the first of them.
    const keys = new Float64Array(job.keys, job.offset * 8, job.to - job.offset);
    rankBallots(job, job.from - job.offset, job.to - job.offset, keys);
    port.postMessage({ id: job.id });
  } catch (error) {
    port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
