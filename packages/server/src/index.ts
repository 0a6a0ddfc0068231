export * from './store/index.ts';
export * from './ingest/index.ts';
export * from './live/index.ts';
export * from './http/index.ts';
export * from './auth/index.ts';
export * from './ledger/index.ts';
export * from './recount/index.ts';
export * from './webhooks/index.ts';
