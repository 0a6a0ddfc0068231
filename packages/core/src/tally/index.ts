export * from './margin.ts';
export * from './ratio.ts';
export * from './election-tally.ts';
export * from './definition-remap.ts';
export * from './contest-results.ts';
export * from './groupings.ts';
export * from './consistency.ts';
export * from './results-document.ts';
