export * from './contest.ts';
export * from './sampler/index.ts';
export * from './bravo/index.ts';
export * from './supersimple/index.ts';
export * from './macro/index.ts';
export * from './alpha/index.ts';
export { runRlaVectors, type RunRlaVectorsOptions } from './vectors/run-rla-vectors.ts';
export { parseVectorFile, stringifyVectorOutputs } from './vectors/vector-file-json.ts';
export {
  compareVectorOutputs,
  RLA_TOLERANCE,
  type VectorComparison,
  type VectorCounts,
} from './vectors/compare-vector-outputs.ts';
export {
  BY_DESIGN as RLA_BY_DESIGN,
  UNSUPPORTED as RLA_UNSUPPORTED,
} from './vectors/known-differences.ts';
export * from './minerva/index.ts';
export * from './suite/index.ts';
export * from './workflow/index.ts';
