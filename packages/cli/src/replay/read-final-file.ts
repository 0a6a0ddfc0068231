import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import type { ReplayUnit } from '@canvass/core';

/** A final precinct file split into its units, ready to be replayed. */
export interface FinalFile {
  readonly sourceName: string;
  readonly header: readonly string[];
  readonly units: readonly ReplayUnit[];
  /** Unit key -> its rows, as parsed cells. */
  readonly rowsByUnit: ReadonlyMap<string, readonly (readonly string[])[]>;
  readonly text: string;
}

const PSEUDO_PRECINCT = /absen|provi|provs|early|mail|one ?stop|central/i;

/**
 * Reads an OpenElections precinct file and groups its rows by county and precinct.
 * @example const file = await readFinalFile('data/20171212__al__special__general__precinct.csv');
 */
export async function readFinalFile(path: string): Promise<FinalFile> {
  const text = await readFile(path, 'utf8');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (header === undefined) throw new Error(`${path} is empty`);
  const column = (name: string): number =>
    header.findIndex((cell) => cell.trim().toLowerCase() === name);
  const county = column('county');
  const precinct = column('precinct');
  const votes = column('votes');
  const candidate = column('candidate');
  if (county < 0 || precinct < 0) throw new Error(`${path} has no county and precinct columns`);
  const rowsByUnit = new Map<string, string[][]>();
  const units = new Map<string, { county: string; key: string; votes: number; pseudo: boolean }>();
  for (const row of rows) {
    const key = `${row[county] ?? ''}\u0000${row[precinct] ?? ''}`;
    let list = rowsByUnit.get(key);
    let unit = units.get(key);
    if (list === undefined || unit === undefined) {
      list = [];
      rowsByUnit.set(key, list);
      unit = {
        county: row[county] ?? '',
        key,
        votes: 0,
        pseudo: PSEUDO_PRECINCT.test(row[precinct] ?? ''),
      };
      units.set(key, unit);
    }
    list.push(row);
    const value = Number(row[votes] ?? '');
    if ((row[candidate] ?? '') !== '' && Number.isFinite(value)) unit.votes += value;
  }
  return { sourceName: basename(path), header, units: [...units.values()], rowsByUnit, text };
}

/** Writes the rows of some units back out as an OpenElections CSV. */
export function unitsToCsv(file: FinalFile, unitKeys: readonly string[]): string {
  const rows = unitKeys.flatMap((key) => file.rowsByUnit.get(key) ?? []);
  return (
    Papa.unparse(
      { fields: [...file.header], data: rows.map((row) => [...row]) },
      { newline: '\n' },
    ) + '\n'
  );
}
