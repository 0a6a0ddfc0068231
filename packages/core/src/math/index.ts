export * from './log-gamma.ts';
export * from './normal.ts';
export * from './binomial.ts';
export * from './exact-double.ts';
export * from './maximize.ts';
