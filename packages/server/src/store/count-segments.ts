import { endianness } from 'node:os';
import { createCountBatch, type CountBatch } from '@canvass/core';
import type { CountsTable } from './schema.ts';

// Segments are stored in the machine's byte order, which is little-endian on every platform
// Canvass supports; refuse to run elsewhere rather than misread stored counts.
if (endianness() !== 'LE')
  throw new Error('Canvass stores counts little-endian and needs a little-endian machine');

/** A count batch as a row of column blobs (the blobs share the batch's memory; the driver copies). */
export function segmentRow(submissionId: number, segment: number, batch: CountBatch): CountsTable {
  const n = batch.length;
  const view = (array: Int32Array | Float64Array | Uint8Array): Uint8Array =>
    new Uint8Array(array.buffer, array.byteOffset, n * array.BYTES_PER_ELEMENT);
  return {
    submission_id: submissionId,
    segment,
    length: n,
    unit: view(batch.unit),
    contest: view(batch.contest),
    target: view(batch.target),
    line: view(batch.line),
    vote_type: view(batch.voteType),
    value: view(batch.value),
    source_line: view(batch.sourceLine),
  };
}

/** A stored segment back as a count batch (copied into aligned memory). */
export function segmentBatch(
  row: Pick<
    CountsTable,
    'length' | 'unit' | 'contest' | 'target' | 'line' | 'vote_type' | 'value' | 'source_line'
  >,
): CountBatch {
  const n = row.length;
  const batch = createCountBatch(n);
  batch.length = n;
  const fill = (target: Int32Array | Float64Array | Uint8Array, bytes: Uint8Array): void => {
    const expected = n * target.BYTES_PER_ELEMENT;
    if (bytes.length !== expected)
      throw new Error(`a count segment column has ${bytes.length} bytes, expected ${expected}`);
    new Uint8Array(target.buffer, target.byteOffset, expected).set(bytes);
  };
  fill(batch.unit, row.unit);
  fill(batch.contest, row.contest);
  fill(batch.target, row.target);
  fill(batch.line, row.line);
  fill(batch.voteType, row.vote_type);
  fill(batch.value, row.value);
  fill(batch.sourceLine, row.source_line);
  return batch;
}
