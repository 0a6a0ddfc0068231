export * from './ledger-record.ts';
export * from './verify-chain.ts';
