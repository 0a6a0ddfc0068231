import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importOpenElections } from './openelections/import.ts';
import { SourceFileError } from './source-file-error.ts';
import { decodeUtf8 } from './utf8-chunks.ts';

async function* bytesOf(parts: readonly number[][]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    await Promise.resolve();
    yield Uint8Array.from(part);
  }
}

function utf8(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

async function decode(parts: readonly number[][]): Promise<string> {
  let text = '';
  for await (const chunk of decodeUtf8(bytesOf(parts), 'f.csv')) text += chunk;
  return text;
}

async function failure(parts: readonly number[][]): Promise<SourceFileError> {
  try {
    await decode(parts);
  } catch (error) {
    assert.ok(error instanceof SourceFileError);
    return error;
  }
  assert.fail('expected a SourceFileError');
}

const HEADER = 'county,precinct,office,district,party,candidate,votes\n';

describe('decodeUtf8', () => {
  it('decodes characters split across chunks and strips a BOM', async () => {
    const bytes = [0xef, 0xbb, 0xbf, ...utf8('Añasco,Peñuelas\n')];
    const parts = bytes.map((byte) => [byte]);
    assert.equal(await decode(parts), 'Añasco,Peñuelas\n');
    assert.equal(await decode([bytes]), 'Añasco,Peñuelas\n');
  });

  it('rejects Latin-1 bytes with the line they are on', async () => {
    const error = await failure([
      utf8(HEADER + 'Adams,P1,'),
      [0x43, 0x61, 0x66, 0xe9],
      utf8(',,,x,1\n'),
    ]);
    assert.equal(error.errors[0]!.code, 'encoding');
    assert.equal(error.errors[0]!.line, 2);
    assert.match(error.errors[0]!.reason, /not valid UTF-8/);
  });

  it('rejects UTF-16 (with a BOM, or as NUL bytes) and NUL bytes', async () => {
    const utf16 = await failure([[0xff], [0xfe, 0x63, 0x00]]);
    assert.match(utf16.errors[0]!.reason, /UTF-16/);
    const nul = await failure([utf8('a,b\nc,d\n'), [0x65, 0x00, 0x66]]);
    assert.equal(nul.errors[0]!.line, 3);
    assert.match(nul.errors[0]!.reason, /NUL/);
  });

  it('makes the importer report the encoding error instead of throwing', async () => {
    const result = await importOpenElections(
      decodeUtf8(
        bytesOf([utf8(HEADER), utf8('Adams,P1,Mayor,,,Ren'), [0xe9], utf8(',1\n')]),
        'latin.csv',
      ),
      {
        file: 'latin.csv',
        definition: null,
        election: { id: 'x', name: 'X', date: '2026-01-01', state: null, type: 'other' },
        onDuplicate: 'error',
        onCountyTotal: 'error',
      },
      { counts: () => undefined, facts: () => undefined },
    );
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.file, error.line]),
      [['encoding', 'latin.csv', 2]],
    );
  });
});
