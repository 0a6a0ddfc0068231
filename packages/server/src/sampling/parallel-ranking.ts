import { Worker } from 'node:worker_threads';
import { rankBallots, type BallotIdMode, type ManifestBatch } from '@canvass/core';

// Ranking a ballot manifest (one SHA-256 per ballot) is the sampler's largest cost and splits
// cleanly by ballot. This pool ranks one range on the calling thread and the others on worker
// threads, all into one shared array, which drawBallotSample then takes as `firstKeys` (core
// checks every key that can be drawn against its own hash).

// The worker runs TypeScript like this process: a tiny module registers the tsx loader inside the
// worker, then loads the worker's own source.
const WORKER_BOOTSTRAP = new URL(
  `data:text/javascript,${encodeURIComponent(
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\n` +
      `register();\n` +
      `await import(${JSON.stringify(new URL('./ranking-worker.ts', import.meta.url).href)});\n`,
  )}`,
);

/** What a worker ranks: ballots `from..to-1` of the batches it is given. */
export interface RankJob {
  readonly id: number;
  readonly seed: string;
  readonly idMode: BallotIdMode;
  /** The batches that cover `from..to-1`; the first starts at population index `offset`. */
  readonly manifest: readonly ManifestBatch[];
  readonly offset: number;
  readonly from: number;
  readonly to: number;
  /** The shared Float64Array buffer of every ballot's key. */
  readonly keys: SharedArrayBuffer;
}

interface RankReply {
  readonly id: number;
  readonly error?: string;
}

/** Inputs of {@link BallotRankingPool.rank}: the same as drawBallotSample's. */
export interface RankInput {
  readonly seed: string;
  readonly manifest: readonly ManifestBatch[];
  readonly idMode?: BallotIdMode;
}

/**
 * Worker threads that rank ballot manifests. Start it once (workers take a moment to load) and
 * close it at shutdown.
 * @example
 * const pool = new BallotRankingPool(1);
 * const firstKeys = await pool.rank({ seed, manifest, idMode: 'arlo' });
 * drawBallotSample({ seed, manifest, idMode: 'arlo', sampleSize, firstKeys });
 * await pool.close();
 */
export class BallotRankingPool {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #nextId = 0;

  /** `workers` threads besides the caller's (one on a 2-core machine). */
  constructor(workers = 1) {
    this.#workers = Array.from({ length: Math.max(0, workers) }, () => {
      const worker = new Worker(WORKER_BOOTSTRAP);
      worker.on('message', (reply: RankReply) => {
        const pending = this.#pending.get(reply.id);
        if (pending === undefined) return;
        this.#pending.delete(reply.id);
        if (reply.error === undefined) pending.resolve();
        else pending.reject(new Error(`ranking worker: ${reply.error}`));
      });
      worker.on('error', (error) => {
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
      });
      return worker;
    });
  }

  /** Every ballot's ranking key, in manifest order (the array `firstKeys` expects). */
  async rank(input: RankInput): Promise<Float64Array> {
    const manifest = input.manifest;
    const idMode = input.idMode ?? 'canonical';
    const starts: number[] = [];
    let size = 0;
    for (const batch of manifest) {
      starts.push(size);
      size += batch.positions.length;
    }
    const buffer = new SharedArrayBuffer(8 * size);
    const keys = new Float64Array(buffer);
    // Equal ranges; the caller's thread takes the first.
    const parts = this.#workers.length + 1;
    const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((size * k) / parts));
    const done = this.#workers.map((worker, w) => {
      const from = bounds[w + 1] as number;
      const to = bounds[w + 2] as number;
      // The batches covering [from, to).
      let first = 0;
      while (first + 1 < manifest.length && (starts[first + 1] as number) <= from) first++;
      let last = first;
      while (last < manifest.length && (starts[last] as number) < to) last++;
      const job: RankJob = {
        id: this.#nextId++,
        seed: input.seed,
        idMode,
        manifest: manifest.slice(first, last),
        offset: starts[first] ?? 0,
        from,
        to,
        keys: buffer,
      };
      return new Promise<void>((resolve, reject) => {
        this.#pending.set(job.id, { resolve, reject });
        worker.postMessage(job);
      });
    });
    rankBallots({ seed: input.seed, manifest, idMode }, 0, bounds[1] as number, keys);
    await Promise.all(done);
    return keys;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}

/**
 * A {@link BallotRankingPool} started only when first needed: a server that never audits a large
 * manifest never starts its threads. The server closes it when it stops.
 */
export class LazyRankingPool {
  #pool: BallotRankingPool | null = null;

  /** Starts the threads now (they take a moment to load), ahead of a draw. */
  warm(): void {
    this.#pool ??= new BallotRankingPool(1);
  }

  /** Every ballot's ranking key, computed on this thread and the pool's. */
  rank(input: RankInput): Promise<Float64Array> {
    this.warm();
    return (this.#pool as BallotRankingPool).rank(input);
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = null;
    await pool?.close();
  }
}
