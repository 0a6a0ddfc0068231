export * from './import-stream.ts';
export * from './import-file.ts';
export * from './import-document-stream.ts';
