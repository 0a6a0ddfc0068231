export * from './roles.ts';
export * from './accounts.ts';
export * from './secret-hash.ts';
export * from './rate-limiter.ts';
