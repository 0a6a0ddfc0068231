export * from './import-stream.ts';
export * from './import-file.ts';
