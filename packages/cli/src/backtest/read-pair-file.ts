import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import {
  contestPairPrecincts,
  decodeUtf8,
  formatLocated,
  importOpenElections,
  type CountBatch,
  type PairPrecinct,
} from '@canvass/core';

/** A file the backtest could not use, with the located reasons. */
export class BacktestInputError extends Error {
  override readonly name = 'BacktestInputError';
}

/**
 * Reads an OpenElections precinct CSV through the importer (every row validated) and reduces one
 * contest to per-precinct results for a pair of parties.
 * @example await readPairFile('data/2017.csv', 'UNITED STATES SENATOR', ['DEM', 'REP'])
 */
export async function readPairFile(
  path: string,
  contest: string,
  pair: readonly [string, string],
): Promise<PairPrecinct[]> {
  const file = basename(path);
  const batches: CountBatch[] = [];
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
      yield chunk as Buffer;
  }
  const result = await importOpenElections(
    decodeUtf8(bytes(), file),
    {
      file,
      definition: null,
      election: { id: 'backtest', name: file, date: '1970-01-01', state: null, type: 'general' },
      onDuplicate: 'error',
      onCountyTotal: 'skip',
    },
    { counts: (batch) => void batches.push(batch), facts: () => undefined },
  );
  if (!result.ok)
    throw new BacktestInputError(
      result.errors
        .slice(0, 10)
        .map((error) => formatLocated(error))
        .join('\n') +
        (result.errorCount > 10 ? `\n... and ${result.errorCount - 10} more errors` : ''),
    );
  try {
    return contestPairPrecincts(result.definition, batches, contest, pair);
  } catch (error) {
    throw new BacktestInputError(`${file}: ${(error as Error).message}`);
  }
}
