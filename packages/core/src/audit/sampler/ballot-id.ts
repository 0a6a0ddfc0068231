import { pythonStr } from './python-repr.ts';

/** Where a ballot sits in the manifest: its batch and its 1-based position in the batch. */
export interface BallotLocation {
  /** Arlo: `(jurisdiction, tabulator | null, batch)` or a bare string; Canvass: the same parts. */
  readonly batchKey: string | readonly (string | null)[];
  /** Position of the ballot in its batch. */
  readonly position: number;
}

/** How a ballot location becomes the hashed id string. */
export type BallotIdMode = 'canonical' | 'arlo';

/**
 * Arlo's hashed id: Python's `str((batch_key, position))`.
 * @example arloBallotId({ batchKey: ['J1', null, 'Batch 1'], position: 3 }) // "(('J1', None, 'Batch 1'), 3)"
 */
export function arloBallotId(location: BallotLocation): string {
  return pythonStr([location.batchKey, location.position]);
}

const encoder = new TextEncoder();

/**
 * Canvass's canonical, language-neutral ballot id (version 1): the batch-key parts (a bare string
 * key is one part; a null part is the empty string) followed by the decimal position, each
 * written as `<UTF-8 byte length>:<text>` and concatenated with nothing between, after the
 * prefix `cb1:`. Example: `['J1', null, 'Batch 1']`, position 3 gives `cb1:2:J10:7:Batch 11:3`.
 * Length prefixes make it unambiguous for any text, and any language can build it without
 * quoting rules. See SAMPLING.md.
 * @example canonicalBallotId({ batchKey: ['J1', null, 'Batch 1'], position: 3 }) // 'cb1:2:J10:7:Batch 11:3'
 */
export function canonicalBallotId(location: BallotLocation): string {
  const parts = typeof location.batchKey === 'string' ? [location.batchKey] : location.batchKey;
  let out = 'cb1:';
  for (const part of [...parts.map((p) => p ?? ''), String(location.position)]) {
    out += `${encoder.encode(part).length}:${part}`;
  }
  return out;
}

/** The id builder for a mode. */
export function ballotIdFor(mode: BallotIdMode): (location: BallotLocation) => string {
  return mode === 'arlo' ? arloBallotId : canonicalBallotId;
}

/**
 * A per-batch id builder: the batch-key part of the id is formatted once, so hashing a
 * million-ballot manifest does not re-run the quoting rules for every ballot.
 * @example batchIdBuilder('arlo', ['J1', null, 'B1'])(3) // "(('J1', None, 'B1'), 3)"
 */
export function batchIdBuilder(
  mode: BallotIdMode,
  batchKey: BallotLocation['batchKey'],
): (position: number) => string {
  if (mode === 'arlo') {
    const prefix = arloBallotId({ batchKey, position: 0 }).slice(0, -2);
    return (position) => `${prefix}${String(position)})`;
  }
  const prefix = canonicalBallotId({ batchKey, position: 0 }).slice(0, -3);
  return (position) => {
    const p = String(position);
    return `${prefix}${String(p.length)}:${p}`;
  };
}
