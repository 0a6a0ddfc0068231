import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Shape of the synthetic national file. */
export interface NationalFileSpec {
  readonly seed: number;
  readonly states: number;
  readonly counties: number;
  readonly precincts: number;
}

/** 175,000 precincts across 3,000 counties in 50 states: about 20 million rows. */
export const NATIONAL: NationalFileSpec = {
  seed: 20171212,
  states: 50,
  counties: 3000,
  precincts: 175_000,
};

// A small, fast, seedable PRNG (mulberry32) so the same seed always writes the same bytes.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface OfficeTemplate {
  readonly office: string;
  readonly scope: 'state' | 'district' | 'county';
  readonly candidates: number;
  readonly parties: readonly string[];
  readonly measure?: boolean;
}

const OFFICES: readonly OfficeTemplate[] = [
  {
    office: 'President',
    scope: 'state',
    candidates: 6,
    parties: ['DEM', 'REP', 'LIB', 'GRN', 'CON', 'IND'],
  },
  { office: 'U.S. Senate', scope: 'state', candidates: 4, parties: ['DEM', 'REP', 'LIB', 'IND'] },
  { office: 'U.S. House', scope: 'district', candidates: 3, parties: ['DEM', 'REP', 'LIB'] },
  { office: 'Governor', scope: 'state', candidates: 4, parties: ['DEM', 'REP', 'LIB', 'GRN'] },
  { office: 'State Senate', scope: 'district', candidates: 2, parties: ['DEM', 'REP'] },
  { office: 'State House', scope: 'district', candidates: 2, parties: ['DEM', 'REP'] },
  ...[
    'Sheriff',
    'County Clerk',
    'Treasurer',
    'Assessor',
    'Coroner',
    'Commissioner',
    'Judge of Probate',
    'District Attorney',
    'Tax Collector',
    'Surveyor',
    'School Board',
    'Register of Deeds',
    'Auditor',
    'Constable',
    'Justice of the Peace',
    'Soil and Water',
    'Library Board',
  ].map((office): OfficeTemplate => ({
    office,
    scope: 'county',
    candidates: 2,
    parties: ['DEM', 'REP'],
  })),
  { office: 'Question 1', scope: 'state', candidates: 2, parties: ['', ''], measure: true },
  { office: 'Question 2', scope: 'state', candidates: 2, parties: ['', ''], measure: true },
  { office: 'Question 3', scope: 'county', candidates: 2, parties: ['', ''], measure: true },
];

/**
 * Writes a national-scale OpenElections precinct CSV, deterministically from the seed, and
 * resolves to the number of data rows written.
 */
export async function generateNationalFile(
  path: string,
  spec: NationalFileSpec = NATIONAL,
): Promise<number> {
  const random = prng(spec.seed);
  const out = createWriteStream(path);
  out.write('county,precinct,office,district,party,candidate,votes\n');
  let rows = 0;
  let buffer = '';
  const countiesPerState = Math.ceil(spec.counties / spec.states);
  for (let county = 0; county < spec.counties; county++) {
    const state = Math.floor(county / countiesPerState);
    const countyName = `County ${String(county + 1).padStart(4, '0')} ST${String(state + 1).padStart(2, '0')}`;
    const precinctsHere =
      Math.floor(((county + 1) * spec.precincts) / spec.counties) -
      Math.floor((county * spec.precincts) / spec.counties);
    for (let precinct = 0; precinct < precinctsHere; precinct++) {
      const name =
        precinct === precinctsHere - 1
          ? 'ABSENTEE'
          : `Precinct ${String(precinct + 1).padStart(3, '0')}`;
      const ballots = 200 + Math.floor(random() * 2800);
      buffer += `${countyName},${name},Registered Voters,,,,${ballots + Math.floor(random() * 1500)}\n`;
      buffer += `${countyName},${name},Ballots Cast,,,,${ballots}\n`;
      rows += 2;
      for (const template of OFFICES) {
        // Districts are numbered within a state and county offices are per county, so both carry their scope.
        const district =
          template.scope === 'district'
            ? `ST${state + 1}-${1 + ((county * 7 + precinct) % 9)}`
            : template.scope === 'county'
              ? `C${county + 1}`
              : '';
        let remaining = ballots;
        for (let candidate = 0; candidate < template.candidates; candidate++) {
          const votes =
            candidate === template.candidates - 1
              ? Math.floor(remaining * 0.9)
              : Math.floor(remaining * (0.3 + random() * 0.4));
          remaining -= votes;
          const label =
            template.measure === true
              ? candidate === 0
                ? 'Yes'
                : 'No'
              : `${template.office} Candidate ${candidate + 1}`;
          buffer += `${countyName},${name},${template.office},${district},${template.parties[candidate] ?? ''},${label},${votes}\n`;
        }
        buffer += `${countyName},${name},${template.office},${district},,Over Votes,${Math.floor(random() * 3)}\n`;
        buffer += `${countyName},${name},${template.office},${district},,Under Votes,${remaining}\n`;
        rows += template.candidates + 2;
      }
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return rows;
}
