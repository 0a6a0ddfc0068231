export * from './store.ts';
export * from './kysely-store.ts';
export * from './sqlite-store.ts';
export * from './postgres-store.ts';
export * from './open-store.ts';
export * from './load-tally.ts';
export * from './ledger-annex.ts';
export * from './held-schema.ts';
