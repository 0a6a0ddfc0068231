export * from './signing-key.ts';
export * from './content-hasher.ts';
export * from './verify-election.ts';
