export * from './election-archive.ts';
