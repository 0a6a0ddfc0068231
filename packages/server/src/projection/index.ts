export * from './live-projections.ts';
export * from './tally-pairs.ts';
