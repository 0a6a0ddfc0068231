import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeUtf8, SourceFileError } from '@canvass/core';
import { decodeAscii } from './decode-ascii.ts';

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  // One chunk per turn of the event loop, as a file stream delivers them.
  for (const part of parts) yield await Promise.resolve(part);
}

async function decodeAll(...parts: Uint8Array[]): Promise<string> {
  let text = '';
  for await (const piece of decodeUtf8(chunks(...parts), 'results.csv', decodeAscii)) text += piece;
  return text;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('decodeAscii decodes ASCII and declines anything else', () => {
  assert.equal(decodeAscii(bytes('county,precinct\nAutauga,1\n')), 'county,precinct\nAutauga,1\n');
  assert.equal(decodeAscii(bytes('Doña Ana')), null);
  assert.equal(decodeAscii(Uint8Array.of(0x41, 0xe9)), null);
});

test('with the ASCII path, UTF-8 text split across chunks decodes exactly', async () => {
  const text = 'county,candidate\nDoña Ana,José\nAutauga,Jones\n';
  const all = bytes(text);
  // Split inside the two bytes of "ñ" and again inside the plain ASCII tail.
  const cut = all.indexOf(0xc3) + 1;
  assert.equal(
    await decodeAll(all.slice(0, cut), all.slice(cut, cut + 9), all.slice(cut + 9)),
    text,
  );
  assert.equal(await decodeAll(bytes('\ufeffa,b\n'), bytes('1,2\n')), 'a,b\n1,2\n');
});

test('with the ASCII path, a Latin-1 byte is still rejected on its line', async () => {
  const latin1 = Uint8Array.of(
    ...bytes('county,candidate\nAutauga,Jones\nDo'),
    0xf1,
    ...bytes('a,X\n'),
  );
  await assert.rejects(decodeAll(bytes('a,b\n'), latin1), (error: unknown) => {
    assert.ok(error instanceof SourceFileError);
    const [first] = error.errors;
    assert.equal(first?.code, 'encoding');
    assert.equal(first.line, 4, error.message);
    return true;
  });
});
