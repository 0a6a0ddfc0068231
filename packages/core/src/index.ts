export * from './model/index.ts';
export * from './util/result.ts';
export * from './util/assert.ts';
export * from './hash/sha256.ts';
export * from './tally/index.ts';
export * from './replay/index.ts';
export * from './ledger/index.ts';
