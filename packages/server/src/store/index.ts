export * from './store.ts';
export * from './sqlite-store.ts';
export * from './load-tally.ts';
