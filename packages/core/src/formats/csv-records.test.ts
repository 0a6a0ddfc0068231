import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvRecordReader } from './csv-records.ts';

function parse(
  text: string,
  size: number,
): { records: [number, string[]][]; error: string | null } {
  const reader = new CsvRecordReader();
  const records: [number, string[]][] = [];
  const handler = (fields: string[], line: number): void => {
    records.push([line, [...fields]]);
  };
  for (let at = 0; at < text.length; at += size) reader.push(text.slice(at, at + size), handler);
  const error = reader.end(handler);
  return { records, error: error === null ? null : `${error.line}: ${error.reason}` };
}

describe('CsvRecordReader', () => {
  it('reads RFC 4180 fields the same whatever the chunk size', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""",\n"multi\nline",2,3\n\nlast,"",end';
    for (const size of [1, 2, 5, 1000]) {
      const { records, error } = parse(text, size);
      assert.equal(error, null);
      assert.deepEqual(records, [
        [1, ['a', 'b', 'c']],
        [2, ['x, y', 'say "hi"', '']],
        [3, ['multi\nline', '2', '3']],
        [6, ['last', '', 'end']],
      ]);
    }
  });

  it('keeps a stray quote inside an unquoted field', () => {
    assert.deepEqual(parse('a,5" PIPE,c\n', 3).records, [[1, ['a', '5" PIPE', 'c']]]);
  });

  it('reports a quote that never closes', () => {
    assert.match(parse('a,b\n"open,c\n', 4).error ?? '', /^2: a quoted field is never closed/);
  });
});
