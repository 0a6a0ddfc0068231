export * from './cluster-sync.ts';
