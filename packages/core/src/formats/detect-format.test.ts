import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { projectFile } from './document/document-harness.test.ts';
import { detectFormat } from './detect-format.ts';

describe('detectFormat', () => {
  it('tells each format from the start of the file', () => {
    assert.equal(
      detectFormat(projectFile('data/20171212__al__special__general__precinct.csv').slice(0, 4096)),
      'openelections',
    );
    assert.equal(
      detectFormat(projectFile('packages/core/src/formats/nist/fixtures/nist-min.json')),
      'nist-json',
    );
    assert.equal(
      detectFormat(
        '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n<ElectionReport xmlns="http://itl.nist.gov/ns/voting/1500-100/v2">',
      ),
      'nist-xml',
    );
    assert.equal(
      detectFormat('<?xml version="1.0"?>\r\n<ElectionResult>\r\n  <Timestamp>'),
      'clarity-xml',
    );
  });

  it('answers null for JSON or XML it does not read', () => {
    assert.equal(detectFormat('{"races": []}'), null);
    assert.equal(detectFormat('<?xml version="1.0"?><rss>'), null);
  });
});
