import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  importOpenElections,
  inferElectionMetaFromFileName,
  type ElectionDefinition,
} from '@canvass/core';

/** The real precinct file of Alabama's 12 December 2017 U.S. Senate special election. */
export const ALABAMA_FILE_NAME = '20171212__al__special__general__precinct.csv';

/** The file's text. */
export const alabamaCsv = readFileSync(
  fileURLToPath(new URL(`../../data/${ALABAMA_FILE_NAME}`, import.meta.url)),
  'utf8',
);

/** The election id the file name implies. */
export const ALABAMA_ELECTION_ID =
  inferElectionMetaFromFileName(ALABAMA_FILE_NAME)?.id ?? '2017-12-12-al-special-general';

/** Splits the file into the rows of some counties and the rest (both with the header). */
export function splitByCounty(
  csv: string,
  counties: readonly string[],
): { readonly chosen: string; readonly rest: string } {
  const [header = '', ...lines] = csv.trimEnd().split('\n');
  const wanted = new Set(counties.map((county) => county.toLowerCase()));
  // The county is the first column and never quoted in this file.
  const inChosen = (line: string): boolean =>
    wanted.has((line.split(',', 1)[0] ?? '').toLowerCase());
  return {
    chosen: [header, ...lines.filter(inChosen)].join('\n') + '\n',
    rest: [header, ...lines.filter((line) => !inChosen(line))].join('\n') + '\n',
  };
}

/**
 * The election definition (every county and precinct) inferred from the whole file, as
 * `canvass replay` does before sending counties one at a time.
 */
export async function alabamaDefinition(): Promise<ElectionDefinition> {
  const meta = inferElectionMetaFromFileName(ALABAMA_FILE_NAME);
  // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
  async function* text(): AsyncGenerator<string> {
    yield alabamaCsv;
  }
  const result = await importOpenElections(
    text(),
    {
      file: ALABAMA_FILE_NAME,
      definition: null,
      election: {
        id: ALABAMA_ELECTION_ID,
        name: meta?.name ?? ALABAMA_ELECTION_ID,
        date: meta?.date ?? '2017-12-12',
        state: 'AL',
        type: meta?.type ?? 'special-general',
      },
      onDuplicate: 'error',
      onCountyTotal: 'error',
    },
    { counts: () => undefined, facts: () => undefined },
  );
  if (!result.ok)
    throw new Error(`the Alabama file did not import: ${result.errors[0]?.reason ?? ''}`);
  return result.definition;
}
