// bench/recount: recount law and recount comparison on the whole Alabama 2017 file (2,235
// units, 18 contests). Measures (median of RUNS, milliseconds): the recount sections of a
// results document (what every published version adds), the same with a cold rules cache
// (reading and validating recount-rules.json), one `recount check`, and comparing a full
// recount of the file with the original, per precinct and county. Prints one JSON object.
// Usage: node --import tsx bench/recount/run.ts [--runs N]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  compareRecount,
  ElectionTally,
  evaluateRecount,
  importOpenElections,
  resultsDocument,
  unitVotesOf,
  type CountBatch,
  type FactRecord,
} from '@canvass/core';
import { readRecountRules, RECOUNT_RULES_URL, withRecountSections } from '@canvass/server';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const csv = readFileSync(
  fileURLToPath(
    new URL('../../data/20171212__al__special__general__precinct.csv', import.meta.url),
  ),
  'utf8',
);

// eslint-disable-next-line @typescript-eslint/require-await -- one-chunk async source
async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

function median(task: () => void): number {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    task();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return Number((samples[Math.floor(samples.length / 2)] ?? 0).toFixed(3));
}

const batches: CountBatch[] = [];
const facts: FactRecord[] = [];
const imported = await importOpenElections(
  once(csv),
  {
    file: '20171212__al__special__general__precinct.csv',
    definition: null,
    election: {
      id: '2017-12-12-al-special-general',
      name: 'Alabama 2017',
      date: '2017-12-12',
      state: 'AL',
      type: 'special-general',
    },
    onDuplicate: 'error',
    onCountyTotal: 'error',
  },
  {
    counts: (batch) => {
      batches.push(batch);
    },
    facts: (records) => {
      facts.push(...records);
    },
  },
);
if (!imported.ok) throw new Error('the Alabama file did not import');
const definition = imported.definition;
const tally = new ElectionTally(definition);
const applier = tally.beginSubmission(definition);
for (const batch of batches) applier.counts(batch);
applier.facts(facts);

const rules = readRecountRules(RECOUNT_RULES_URL);
const document = resultsDocument(tally, 'bench');
const sections = withRecountSections(definition, document.contests, rules);
const senateIndex = definition.contests.findIndex((c) => c.id === 'united-states-senator');
const original = unitVotesOf(tally, senateIndex);
// A full recount: every unit, one vote moved in every tenth.
let i = 0;
const recount = new Map(
  [...original].map(([unit, votes]) => [
    unit,
    i++ % 10 === 0 ? votes.map((v, k) => (k === 0 ? v + 1 : v)) : votes,
  ]),
);
const compared = compareRecount(definition, 'united-states-senator', original, recount);
if (!compared.ok) throw new Error(compared.error.message);

console.log(
  JSON.stringify({
    runs: RUNS,
    loadavg: loadavg().map((x) => Number(x.toFixed(2))),
    contests: definition.contests.length,
    units: definition.units.length,
    senateBadge: sections.find((s) => s.id === 'united-states-senator')?.recount.badge,
    ms: {
      readAndValidateRules: median(() => readRecountRules(RECOUNT_RULES_URL)),
      recountSectionsPerDocument: median(() =>
        withRecountSections(definition, document.contests, rules),
      ),
      oneCheck: median(() =>
        evaluateRecount(rules, {
          state: 'AL',
          electionType: 'general',
          scope: 'statewide',
          kind: 'candidate',
          seats: 1,
          choices: [
            { id: 'jones', votes: 673896 },
            { id: 'moore', votes: 651972 },
            { id: 'write-in', votes: 22852, isWriteIn: true },
          ],
        }),
      ),
      unitVotesOfSenate: median(() => unitVotesOf(tally, senateIndex)),
      compareFullRecount: median(() =>
        compareRecount(definition, 'united-states-senator', original, recount),
      ),
    },
    comparison: {
      unitsRecounted: compared.value.unitsRecounted,
      unitsChanged: compared.value.unitsChanged,
      counties: compared.value.counties.length,
      outcomeChanged: compared.value.outcomeChanged,
    },
  }),
);
