export * from './constants.ts';
export * from './discrepancy.ts';
export * from './supersimple.ts';
