import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import { ElectionDefinitionSchema } from '../../model/election.ts';
import {
  alabamaTally,
  collectingSink,
  countyResults,
  projectFile,
  tallyOf,
  textChunks,
} from '../document/document-harness.test.ts';
import { exportNist } from './export-nist.ts';
import { importNistJson } from './import-nist-json.ts';
import { checkNistReport } from './nist-checks.ts';
import { NistReportSchema } from './nist-schema.ts';

const schema = JSON.parse(
  projectFile('data/nist/NIST_V2_election_results_reporting.json'),
) as object;
// Formats the schema's own patterns already pin down are accepted as they are; dates are checked.
// The package is CommonJS: its class is the `default` of the module object.
const validate = new AjvDraft04.default({
  allErrors: true,
  strict: false,
  formats: { date: /^\d{4}-\d{2}-\d{2}$/, 'date-time': true, time: true, uri: true },
}).compile(schema);
const generatedAt = new Date('2017-12-13T04:05:06.789Z');

function schemaErrors(report: unknown): string[] {
  return validate(report)
    ? []
    : (validate.errors ?? [])
        .slice(0, 5)
        .map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

let alabamaReport: ReturnType<typeof exportNist> | null = null;

/** Alabama 2017 as a NIST report, written once for the tests of this file. */
async function alabamaNist(): Promise<ReturnType<typeof exportNist>> {
  alabamaReport ??= exportNist(await alabamaTally(), { generatedAt });
  return alabamaReport;
}

async function importText(text: string, file = 'report.json') {
  const sink = collectingSink();
  const result = await importNistJson(
    textChunks(text, 4096),
    { file, definition: null, electionId: null },
    sink,
  );
  return { result, sink };
}

describe('NIST SP 1500-100 JSON', () => {
  it('exports Alabama 2017 as a report that validates against the NIST draft-04 schema and the extra checks', async () => {
    const { report, omittedCounts } = await alabamaNist();
    assert.deepEqual(schemaErrors(report), []);
    assert.deepEqual(checkNistReport(NistReportSchema.parse(report)), []);
    assert.equal(omittedCounts, 0);
    assert.equal(report.GeneratedDate, '2017-12-13T04:05:06Z');
    assert.equal(report.GpUnit.length, 1 + 67 + 2235);
    const senate = report.Election[0]?.Contest.find(
      (contest) => contest.Name === 'UNITED STATES SENATOR',
    );
    const jones = senate?.ContestSelection.find(
      (selection) => selection['@id'] === 'sel__united-states-senator__doug-jones',
    );
    assert.equal(
      jones?.VoteCounts.reduce((total, count) => total + count.Count, 0),
      673352,
    );
    assert.equal(
      senate?.OtherCounts?.reduce((total, count) => total + (count.Overvotes ?? 0), 0),
      251,
    );
  });

  it('round trip: Alabama exported, imported, exported again gives the same report and the same results', async () => {
    const tally = await alabamaTally();
    const first = (await alabamaNist()).report;
    const text = JSON.stringify(first);
    const { result, sink } = await importText(text);
    assert.equal(result.ok, true, JSON.stringify(result.errors.slice(0, 3)));
    assert.doesNotThrow(() => ElectionDefinitionSchema.parse(result.definition));
    assert.equal(result.definition.id, '2017-12-12-al-special-general');
    assert.equal(result.definition.state, 'AL');
    assert.equal(result.definition.type, 'special-general');
    const again = tallyOf(result.definition, sink.batches, sink.factRecords);
    assert.deepEqual(countyResults(again), countyResults(tally));
    assert.equal(JSON.stringify(exportNist(again, { generatedAt }).report), text);
  });

  it('imports the FORMATS.md example into one county with two choices and over/undervotes', async () => {
    const { result, sink } = await importText(
      projectFile('packages/core/src/formats/nist/fixtures/nist-min.json'),
    );
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    const tally = tallyOf(result.definition, sink.batches, sink.factRecords);
    const document = countyResults(tally) as {
      contests: { name: string; choices: { name: string; votes: number }[]; overvotes: number }[];
    };
    const mayor = document.contests[0];
    assert.equal(mayor?.name, 'Mayor');
    assert.deepEqual(
      mayor.choices.map((choice) => [choice.name, choice.votes]),
      [
        ['Ada Alvarez', 700],
        ['Ben Brook', 466],
      ],
    );
    assert.equal(mayor.overvotes, 3);
    assert.equal(result.definition.id, '2026-11-03-general-election');
  });

  it('rejects what the schema lets through: dangling references, two roots, fractional counts, no time zone', async () => {
    const base = JSON.parse(
      projectFile('packages/core/src/formats/nist/fixtures/nist-min.json'),
    ) as Record<string, unknown>;
    const bad = structuredClone(base) as {
      GeneratedDate: string;
      GpUnit: Record<string, unknown>[];
      Election: {
        Contest: {
          ElectionDistrictId: string;
          ContestSelection: { VoteCounts: { Count: number }[] }[];
        }[];
      }[];
    };
    bad.GpUnit.push({
      '@type': 'ElectionResults.ReportingUnit',
      '@id': 'ru-stray',
      Type: 'precinct',
    });
    const contest = bad.Election[0]?.Contest[0];
    if (contest === undefined) throw new Error('fixture has a contest');
    contest.ElectionDistrictId = 'does-not-exist';
    const firstCount = contest.ContestSelection[0]?.VoteCounts[0];
    if (firstCount === undefined) throw new Error('fixture has a count');
    firstCount.Count = 700.5;
    assert.deepEqual(schemaErrors(bad), [], 'the schema itself accepts all of this');
    // The schema rejects a timestamp without a zone too; the importer must as well (XML's
    // xs:dateTime does not).
    bad.GeneratedDate = '2026-11-03T21:45:00';
    const { result, sink } = await importText(JSON.stringify(bad), 'bad.json');
    assert.equal(result.ok, false);
    assert.equal(sink.batches.length, 0);
    const codes = result.errors.map((error) => `${error.code} ${error.column ?? ''}`);
    assert.ok(codes.includes('timestamp-zone GeneratedDate'), codes.join('\n'));
    assert.ok(
      codes.includes('unresolved-reference Election[0].Contest[0].ElectionDistrictId'),
      codes.join('\n'),
    );
    assert.ok(codes.includes('root-unit GpUnit'), codes.join('\n'));
    assert.ok(
      codes.includes(
        'fractional-count Election[0].Contest[0].ContestSelection[0].VoteCounts[0].Count',
      ),
      codes.join('\n'),
    );
    assert.ok(result.errors.every((error) => error.file === 'bad.json'));
  });

  it('reports malformed JSON with its line, and missing fields with their path', async () => {
    const broken = await importText(
      '{\n  "@type": "ElectionResults.ElectionReport",\n  "Format": }\n',
      'broken.json',
    );
    assert.equal(broken.result.ok, false);
    assert.equal(broken.result.errors[0]?.code, 'malformed');
    assert.equal(broken.result.errors[0].line, 3);
    const missing = await importText(
      JSON.stringify({
        '@type': 'ElectionResults.ElectionReport',
        GeneratedDate: '2026-11-03T21:45:00Z',
        Status: 'unofficial-partial',
        GpUnit: [],
        Election: [{}],
      }),
    );
    assert.equal(missing.result.ok, false);
    const fields = missing.result.errors.map((error) => error.column);
    assert.ok(fields.includes('GpUnit'), fields.join(', '));
    assert.ok(fields.includes('Election[0].Name'), fields.join(', '));
  });

  it('imports into an existing election only units, contests and choices it defines', async () => {
    const tally = await alabamaTally();
    const report = structuredClone((await alabamaNist()).report) as unknown as {
      Election: { Contest: { ContestSelection: { VoteCounts: { GpUnitId: string }[] }[] }[] }[];
      GpUnit: { '@id': string; ComposingGpUnitIds?: string[] }[];
    };
    const sink = collectingSink();
    const same = await importNistJson(
      textChunks(JSON.stringify(report)),
      { file: 'again.json', definition: tally.definition, electionId: tally.definition.id },
      sink,
    );
    assert.equal(same.ok, true, JSON.stringify(same.errors.slice(0, 3)));
    assert.equal(same.definition, tally.definition);
    const count = report.Election[0]?.Contest[1]?.ContestSelection[0]?.VoteCounts[0];
    if (count === undefined) throw new Error('export has counts');
    count.GpUnitId = 'ru__autauga';
    const wrong = await importNistJson(
      textChunks(JSON.stringify(report)),
      { file: 'wrong.json', definition: tally.definition, electionId: tally.definition.id },
      collectingSink(),
    );
    assert.equal(wrong.ok, false);
    assert.equal(wrong.errors[0]?.code, 'unit-not-in-contest');
  });
});
