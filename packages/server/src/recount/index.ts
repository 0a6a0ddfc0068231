export * from './recount-rules-file.ts';
