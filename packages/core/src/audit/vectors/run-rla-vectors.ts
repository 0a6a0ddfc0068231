import { pureSha256Digest, type Sha256Digest } from '../sampler/digest.ts';
import { runBravoCase } from './bravo-vectors.ts';
import { arr, obj, str, type Json } from './json.ts';
import { runMacroCase } from './macro-vectors.ts';
import { runMinervaCase } from './minerva-vectors.ts';
import { runSamplerCase } from './sampler-vectors.ts';
import { runShangrlaCase } from './shangrla-vectors.ts';
import { runSuiteCase } from './suite-vectors.ts';
import { runSupersimpleCase } from './supersimple-vectors.ts';
import { errorOutput, UnsupportedCase } from './vector-error.ts';

/** Options of {@link runRlaVectors}. */
export interface RunRlaVectorsOptions {
  /** SHA-256 for the sampler cases; defaults to the pure-TypeScript one. */
  readonly digest?: Sha256Digest;
}

/**
 * Computes every case of one RLA vector file with Canvass's own code, never reading the recorded
 * outputs, and returns the outputs in the recorded shape keyed by case id. Cases with `items`
 * produce the array of item outputs; thrown errors become `{ type, message }`, and cases that
 * cannot be computed become `{ type: 'Unsupported', message }`. A repeated id is keyed `id#2`, ...
 * @example runRlaVectors(JSON.parse(text))['readme_example1'] // ['B-2', 'B-3', 'A-3', 'A-2']
 */
export function runRlaVectors(
  fileJson: unknown,
  options: RunRlaVectorsOptions = {},
): Record<string, unknown> {
  const digest = options.digest ?? pureSha256Digest;
  const file = obj(fileJson, 'vector file');
  const out: Record<string, unknown> = {};
  for (const raw of arr(file['cases'], 'cases')) {
    const c = obj(raw, 'case');
    const id = caseKey(out, str(c['id'], 'case.id'));
    try {
      out[id] = runCase(c, digest);
    } catch (error) {
      out[id] = errorOutput(error);
    }
  }
  return out;
}

/** A repeated case id is keyed `id#2`, `id#3`, ... in file order (minerva.json repeats some). */
export function caseKey(seen: Readonly<Record<string, unknown>>, id: string): string {
  if (!(id in seen)) return id;
  let n = 2;
  while (`${id}#${String(n)}` in seen) n++;
  return `${id}#${String(n)}`;
}

function runCase(c: Json, digest: Sha256Digest): unknown {
  const fn = typeof c['function'] === 'string' ? c['function'] : '';
  const kind = typeof c['kind'] === 'string' ? c['kind'] : '';
  if (kind !== '' || fn.startsWith('consistent_sampler') || fn.includes('audit_math.sampler')) {
    return runSamplerCase(c, digest);
  }
  if (fn.includes('bravo') || fn.includes('math_type=BRAVO') || bravoLowLevel(c)) {
    return runBravoCase(c);
  }
  if (fn.includes('supersimple')) return runSupersimpleCase(c);
  if (fn.includes('audit_math.macro')) return runMacroCase(c);
  if (fn.includes('minerva') || fn.includes('providence')) return runMinervaCase(c);
  if (isShangrla(c)) return runShangrlaCase(c, digest);
  if (fn.includes('suite') || fn.includes('Stratum.compute_pvalue')) return runSuiteCase(c);
  throw new UnsupportedCase(`no Canvass implementation for ${fn === '' ? str(c['id']) : fn}`);
}

const SHANGRLA_PREFIXES = [
  'alpha_mart/',
  'other_tests/',
  'assorters/',
  'sample_size/',
  'end_to_end/',
  'cryptorandom/',
];

function isShangrla(c: Json): boolean {
  const id = str(c['id']);
  return SHANGRLA_PREFIXES.some((p) => id.startsWith(p));
}

function bravoLowLevel(c: Json): boolean {
  const items = c['items'];
  if (!Array.isArray(items)) return false;
  const first: unknown = items[0];
  return (
    typeof first === 'object' &&
    first !== null &&
    String((first as Json)['function']).includes('bravo')
  );
}
