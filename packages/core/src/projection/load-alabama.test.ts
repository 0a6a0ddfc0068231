// Helpers for the projection tests: the Alabama files imported through the real importer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importOpenElections } from '../formats/openelections/import.ts';
import type { CountBatch } from '../model/submission.ts';
import { contestPairPrecincts, type PairPrecinct } from './contest-precincts.ts';

const cache = new Map<string, Promise<PairPrecinct[]>>();

/** Per-precinct pair results of one contest of a file in the project's data folder (cached). */
export function loadPairs(file: string, contest: string): Promise<PairPrecinct[]> {
  const key = `${file}\u0000${contest}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = load(file, contest);
    cache.set(key, found);
  }
  return found;
}

async function load(file: string, contest: string): Promise<PairPrecinct[]> {
  const text = readFileSync(
    fileURLToPath(new URL(`../../../../data/${file}`, import.meta.url)),
    'utf8',
  );
  const batches: CountBatch[] = [];
  async function* chunks(): AsyncGenerator<string> {
    await Promise.resolve();
    yield text;
  }
  const result = await importOpenElections(
    chunks(),
    {
      file,
      definition: null,
      election: { id: 'x', name: 'x', date: '2017-12-12', state: 'AL', type: 'general' },
      onDuplicate: 'error',
      onCountyTotal: 'error',
    },
    { counts: (batch) => void batches.push(batch), facts: () => undefined },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return contestPairPrecincts(result.definition, batches, contest, ['DEM', 'REP']);
}

/** The 2017 Senate special, per precinct. */
export const SENATE_2017 = (): Promise<PairPrecinct[]> =>
  loadPairs('20171212__al__special__general__precinct.csv', 'UNITED STATES SENATOR');
/** The 2016 President race, per precinct. */
export const PRESIDENT_2016 = (): Promise<PairPrecinct[]> =>
  loadPairs('20161108__al__general__precinct.csv', 'President');
