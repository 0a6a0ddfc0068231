// bench/formats: the interchange formats on the whole Alabama 2017 file (2,235 units, 26,949
// rows): export as NIST JSON, NIST XML and OpenElections CSV, and import each back, in memory
// (parse, check, map; no store). Prints one JSON object with milliseconds (median of RUNS) and
// sizes. Usage: node --import tsx bench/formats/run.ts [--runs N]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  ElectionTally,
  exportNist,
  exportOpenElections,
  importNistJson,
  importNistXml,
  importOpenElections,
  nistXml,
  type CountBatch,
  type ElectionDefinition,
  type FactRecord,
  type SubmissionSink,
} from '@canvass/core';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
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

function collector(): SubmissionSink & { batches: CountBatch[]; factRecords: FactRecord[] } {
  const batches: CountBatch[] = [];
  const factRecords: FactRecord[] = [];
  return {
    batches,
    factRecords,
    counts: (batch) => {
      batches.push(batch);
    },
    facts: (records) => {
      factRecords.push(...records);
    },
  };
}

function tally(definition: ElectionDefinition, sink: ReturnType<typeof collector>): ElectionTally {
  const result = new ElectionTally(definition);
  const applier = result.beginSubmission(definition);
  for (const batch of sink.batches) applier.counts(batch);
  applier.facts(sink.factRecords);
  return result;
}

async function timed<T>(task: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const samples: number[] = [];
  let value: T | undefined;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    value = await task();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    ms: Math.round((samples[Math.floor(samples.length / 2)] ?? 0) * 10) / 10,
    value: value as T,
  };
}

const election = {
  id: 'al-2017',
  name: 'Alabama 2017',
  date: '2017-12-12',
  state: 'AL',
  type: 'special-general',
} as const;
const source = collector();
const parsed = await importOpenElections(
  once(csv),
  { file: 'al.csv', definition: null, election, onDuplicate: 'error', onCountyTotal: 'error' },
  source,
);
if (!parsed.ok) throw new Error('the Alabama file did not import');
const al = tally(parsed.definition, source);
const options = { file: 'al', definition: null, electionId: null };

const nist = await timed(() => exportNist(al, { generatedAt: new Date() }).report);
const json = await timed(() => JSON.stringify(nist.value));
const xml = await timed(() => [...nistXml(nist.value)].join(''));
const oe = await timed(() => [...exportOpenElections(al)].join(''));
const jsonIn = await timed(() => importNistJson(once(json.value), options, collector()));
const xmlIn = await timed(() => importNistXml(once(xml.value), options, collector()));
const oeIn = await timed(() =>
  importOpenElections(
    once(oe.value),
    { file: 'oe.csv', definition: null, election, onDuplicate: 'error', onCountyTotal: 'error' },
    collector(),
  ),
);
if (!jsonIn.value.ok || !xmlIn.value.ok || !oeIn.value.ok) throw new Error('a round trip failed');

const mb = (text: string): number => Math.round((Buffer.byteLength(text) / 1e6) * 100) / 100;
process.stdout.write(
  `${JSON.stringify(
    {
      file: '20171212__al__special__general__precinct.csv',
      units: al.definition.units.length,
      counts: jsonIn.value.counts,
      runs: RUNS,
      loadAverage1m: loadavg()[0],
      export: {
        nistReportMs: nist.ms,
        nistJsonStringifyMs: json.ms,
        nistXmlMs: xml.ms,
        openElectionsCsvMs: oe.ms,
      },
      import: { nistJsonMs: jsonIn.ms, nistXmlMs: xmlIn.ms, openElectionsCsvMs: oeIn.ms },
      sizeMB: { nistJson: mb(json.value), nistXml: mb(xml.value), openElectionsCsv: mb(oe.value) },
    },
    null,
    2,
  )}\n`,
);
