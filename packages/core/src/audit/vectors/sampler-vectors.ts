import { consistentSample } from '../sampler/consistent-sampler.ts';
import type { Sha256Digest } from '../sampler/digest.ts';
import { digestHex } from '../sampler/digest.ts';
import { drawBallotSample, type ManifestBatch } from '../sampler/draw-ballot-sample.ts';
import {
  firstTicket,
  nextTicket,
  seedHashHex,
  sha256Uniform,
  trimTicket,
} from '../sampler/ticket.ts';
import { arr, bool, num, obj, str, type Json } from './json.ts';
import { UnsupportedCase } from './vector-error.ts';

/** Computes one consistent_sampler.json case (or its items). */
export function runSamplerCase(c: Json, digest: Sha256Digest): unknown {
  const kind = str(c['kind'] ?? c['id']);
  if (kind === 'primitives') return arr(c['items']).map((item) => primitive(obj(item), digest));
  if (kind === 'consistent_sampler.sampler') return sampler(obj(c['inputs']), digest);
  if (kind === 'arlo.draw_sample') return arloDraw(obj(c['inputs']), digest);
  if (kind === 'arlo.draw_ppeb_sample') {
    throw new UnsupportedCase('PPEB needs numpy PCG64 + SeedSequence + Generator.choice bit-exact');
  }
  throw new UnsupportedCase(`unknown sampler case kind ${kind}`);
}

function primitive(item: Json, digest: Sha256Digest): unknown {
  const fn = str(item['function']);
  const input = item['input'];
  if (fn.endsWith('.sha256_hex')) return digestHex(digest, str(input));
  if (fn.endsWith('.sha256_uniform')) return sha256Uniform(digest, str(input));
  if (fn.endsWith('.first_fraction')) {
    const i = obj(input);
    return firstTicket(digest, seedHashHex(digest, str(i['seed_str'])), str(i['id_str']));
  }
  if (fn.endsWith('.next_fraction')) return nextTicket(digest, str(input));
  if (fn.endsWith('.trim')) {
    const i = obj(input);
    return trimTicket(str(i['x']), num(i['mantissa_display_length']));
  }
  if (fn.includes('first_ticket then next_ticket')) {
    const i = obj(input);
    const out = [firstTicket(digest, seedHashHex(digest, str(i['seed_str'])), str(i['id_str']))];
    for (let k = 0; k < 5; k++) out.push(nextTicket(digest, out[out.length - 1] as string));
    return out;
  }
  throw new UnsupportedCase(`unknown primitive ${fn}`);
}

function sampler(i: Json, digest: Sha256Digest): unknown {
  const take = i['take'];
  let draws = consistentSample({
    ids: arr(i['id_strs']).map((x) => str(x)),
    seed: str(i['seed_str']),
    withReplacement: bool(i['with_replacement']),
    drop: num(i['drop']),
    ...(take === null || take === undefined ? {} : { take: num(take) }),
    digits: num(i['digits']),
    digest,
  });
  const below = i['post_filter_ticket_lt'];
  if (typeof below === 'string') draws = draws.filter((d) => d.ticket < below);
  if (i['output'] === 'id') return draws.map((d) => d.id);
  return draws.map((d) => ({ ticket_number: d.ticket, id_str: d.id, generation: d.generation }));
}

function arloDraw(i: Json, digest: Sha256Digest): unknown {
  const manifest: ManifestBatch[] = arr(i['manifest']).map((entry) => {
    const b = obj(entry);
    const key = b['batch_key'];
    const batchKey =
      typeof key === 'string' ? key : arr(key).map((k) => (k === null ? null : str(k)));
    const range = b['ballot_positions_range'];
    const positions =
      range === undefined
        ? arr(b['ballot_positions']).map((p) => num(p))
        : rangeList(num(arr(range)[0]), num(arr(range)[1]));
    return { batchKey, positions };
  });
  return drawBallotSample({
    seed: str(i['seed']),
    manifest,
    sampleSize: num(i['sample_size']),
    numSampled: num(i['num_sampled']),
    withReplacement: bool(i['with_replacement']),
    idMode: 'arlo',
    digest,
  }).map((d) => ({
    ticket_number: d.ticketNumber,
    batch_key: d.batchKey,
    ballot_position: d.position,
    generation: d.generation,
    hashed_id_str: d.hashedId,
  }));
}

function rangeList(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}
