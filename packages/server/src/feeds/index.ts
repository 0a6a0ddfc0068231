export * from './ap-codes.ts';
export * from './ap-feed.ts';
