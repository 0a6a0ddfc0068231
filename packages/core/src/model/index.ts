export * from './vote-type.ts';
export * from './reporting-unit.ts';
export * from './contest.ts';
export * from './election.ts';
export * from './definition-hash.ts';
export * from './submission.ts';
