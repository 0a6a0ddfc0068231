export * from './baseline.ts';
export * from './match-precincts.ts';
export * from './precinct-names.ts';
export * from './contest-precincts.ts';
export * from './project-outcome.ts';
export * from './call-rules.ts';
export * from './backtest.ts';
export type { CountyClass } from './group-design.ts';
export type { EffectPriors } from './bayes-fit.ts';
