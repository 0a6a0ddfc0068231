import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import type { PairPrecinct } from '@canvass/core';
import { BacktestInputError } from './read-pair-file.ts';

/**
 * Reads a reporting order: CSV lines `county,precinct` (names as in the results file), every
 * precinct exactly once. A header line `county,precinct` is allowed. Returns indices into
 * `precincts`. Unknown, repeated or missing precincts are errors naming the file and line.
 * @example await readOrderFile('order.csv', precincts)
 */
export async function readOrderFile(
  path: string,
  precincts: readonly PairPrecinct[],
): Promise<number[]> {
  const file = basename(path);
  const text = await readFile(path, 'utf8');
  const rows = Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
  const key = (county: string, precinct: string): string =>
    `${county.trim().toUpperCase()}\u0000${precinct.trim()}`;
  const indexOf = new Map(precincts.map((unit, index) => [key(unit.county, unit.precinct), index]));
  const seen = new Map<number, number>();
  const order: number[] = [];
  const errors: string[] = [];
  rows.forEach((row, at) => {
    const line = at + 1;
    const [county = '', precinct = ''] = row;
    if (
      at === 0 &&
      county.trim().toLowerCase() === 'county' &&
      precinct.trim().toLowerCase() === 'precinct'
    )
      return;
    if (row.length !== 2) {
      errors.push(`${file}:${line} expected 2 fields (county,precinct), found ${row.length}`);
      return;
    }
    const index = indexOf.get(key(county, precinct));
    if (index === undefined) {
      errors.push(
        `${file}:${line} [precinct] no precinct "${precinct}" in county "${county}" in the results file`,
      );
      return;
    }
    const earlier = seen.get(index);
    if (earlier !== undefined) {
      errors.push(
        `${file}:${line} [precinct] "${county},${precinct}" already listed on line ${earlier}`,
      );
      return;
    }
    seen.set(index, line);
    order.push(index);
  });
  const missing = precincts.filter((_, index) => !seen.has(index));
  if (errors.length === 0 && missing.length > 0)
    errors.push(
      `${file}: ${missing.length} precincts of the results file are not listed, e.g. "${missing
        .slice(0, 3)
        .map((unit) => `${unit.county},${unit.precinct}`)
        .join('", "')}"`,
    );
  if (errors.length > 0)
    throw new BacktestInputError(
      errors.slice(0, 10).join('\n') +
        (errors.length > 10 ? `\n... and ${errors.length - 10} more errors` : ''),
    );
  return order;
}
