export * from './gated-import.ts';
export * from './held-store.ts';
export * from './decide-held.ts';
