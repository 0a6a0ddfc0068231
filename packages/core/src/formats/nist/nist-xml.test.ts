import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
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
import { importNistXml } from './import-nist-xml.ts';
import { nistXml } from './nist-xml.ts';

const XSD = fileURLToPath(
  new URL('../../../../../data/nist/NIST_V2_election_results_reporting.xsd', import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), 'canvass-nist-xml-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
const generatedAt = new Date('2017-12-13T04:05:06Z');

/** Validates XML against the NIST XSD with xmllint (Debian's libxml2-utils). */
function xmllint(xml: string): { ok: boolean; output: string } {
  const file = join(dir, `report-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  if (run.error !== undefined)
    throw new Error(
      `xmllint is needed for this test (apt-get install libxml2-utils): ${run.error.message}`,
    );
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

let alabamaXml: string | null = null;

/** Alabama 2017 as NIST XML, written once for the tests of this file. */
async function alabama(): Promise<string> {
  alabamaXml ??= [...nistXml(exportNist(await alabamaTally(), { generatedAt }).report)].join('');
  return alabamaXml;
}

async function importXml(xml: string, file = 'report.xml') {
  const sink = collectingSink();
  const result = await importNistXml(
    textChunks(xml, 4093),
    { file, definition: null, electionId: null },
    sink,
  );
  return { result, sink };
}

describe('NIST SP 1500-100 XML', () => {
  it('exports Alabama 2017 as XML that xmllint validates against the NIST XSD', async () => {
    const xml = await alabama();
    const lint = xmllint(xml);
    assert.equal(lint.ok, true, lint.output.slice(0, 2000));
    assert.match(xml, /<GpUnit ObjectId="ru__autauga_2fabsentee" xsi:type="ReportingUnit">/);
  });

  it('round trip: Alabama XML imported gives the same results, and exports to the same XML', async () => {
    const tally = await alabamaTally();
    const xml = await alabama();
    const { result, sink } = await importXml(xml);
    assert.equal(result.ok, true, JSON.stringify(result.errors.slice(0, 3)));
    const again = tallyOf(result.definition, sink.batches, sink.factRecords);
    assert.deepEqual(countyResults(again), countyResults(tally));
    assert.equal([...nistXml(exportNist(again, { generatedAt }).report)].join(''), xml);
  });

  it('reads the FORMATS.md example in XML like the same report in JSON', async () => {
    const json = projectFile('packages/core/src/formats/nist/fixtures/nist-min.json');
    const fromJson = collectingSink();
    const jsonResult = await importNistJson(
      textChunks(json),
      { file: 'min.json', definition: null, electionId: null },
      fromJson,
    );
    const xml = [...nistXml(JSON.parse(json) as Parameters<typeof nistXml>[0])].join('');
    assert.equal(xmllint(xml).ok, true, xmllint(xml).output);
    const { result, sink } = await importXml(xml);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.definition, jsonResult.definition);
    assert.deepEqual(
      countyResults(tallyOf(result.definition, sink.batches, sink.factRecords)),
      countyResults(tallyOf(jsonResult.definition, fromJson.batches, fromJson.factRecords)),
    );
  });

  it('locates problems by line: malformed XML, a fractional count, a dangling reference, the wrong root', async () => {
    const broken = await importXml(
      '<?xml version="1.0"?>\n<ElectionReport xmlns="http://itl.nist.gov/ns/voting/1500-100/v2">\n  <GpUnit>\n</ElectionReport>\n',
      'broken.xml',
    );
    assert.equal(broken.result.ok, false);
    assert.equal(broken.result.errors[0]?.code, 'malformed');
    assert.equal(broken.result.errors[0].line, 4);

    const json = JSON.parse(
      projectFile('packages/core/src/formats/nist/fixtures/nist-min.json'),
    ) as {
      Election: {
        Contest: {
          ElectionDistrictId: string;
          ContestSelection: { VoteCounts: { Count: number }[] }[];
        }[];
      }[];
    };
    const contest = json.Election[0]?.Contest[0];
    const count = contest?.ContestSelection[1]?.VoteCounts[0];
    if (contest === undefined || count === undefined) throw new Error('fixture shape');
    count.Count = 466.5;
    contest.ElectionDistrictId = 'nowhere';
    const xml = [...nistXml(json as unknown as Parameters<typeof nistXml>[0])].join('');
    const { result, sink } = await importXml(xml, 'bad.xml');
    assert.equal(result.ok, false);
    assert.equal(sink.batches.length, 0);
    const lines = xml.split('\n');
    const fractional = result.errors.find((error) => error.code === 'fractional-count');
    assert.equal(
      fractional?.column,
      'Election[0].Contest[0].ContestSelection[1].VoteCounts[0].Count',
    );
    assert.match(lines[(fractional.line ?? 0) - 1] ?? '', /<Count>466.5<\/Count>/);
    const dangling = result.errors.find((error) => error.code === 'unresolved-reference');
    assert.match(lines[(dangling?.line ?? 0) - 1] ?? '', /<ElectionDistrictId>nowhere</);

    const clarity = await importXml(
      '<?xml version="1.0"?>\n<ElectionResult><Timestamp>x</Timestamp></ElectionResult>\n',
      'detail.xml',
    );
    assert.equal(clarity.result.ok, false);
    assert.match(
      clarity.result.errors[0]?.reason ?? '',
      /not a NIST SP 1500-100 v2 ElectionReport/,
    );
  });
});
