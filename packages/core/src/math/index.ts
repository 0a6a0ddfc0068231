export * from './log-gamma.ts';
export * from './normal.ts';
export * from './binomial.ts';
