export * from './population.ts';
export * from './estimators.ts';
export * from './alpha-mart.ts';
export * from './other-tests.ts';
export * from './assorters.ts';
export * from './sample-size.ts';
export * from './sha256-prng.ts';
export * from './card-comparison.ts';
