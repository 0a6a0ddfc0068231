export * from './cached-document.ts';
export * from './live-election.ts';
export * from './live-results.ts';
export * from './event-stream.ts';
