export * from './contest.ts';
export * from './sampler/index.ts';
export * from './bravo/index.ts';
export * from './supersimple/index.ts';
export * from './macro/index.ts';
export * from './alpha/index.ts';
export { runRlaVectors, type RunRlaVectorsOptions } from './vectors/run-rla-vectors.ts';
export * from './minerva/index.ts';
export * from './suite/index.ts';
