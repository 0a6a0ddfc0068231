export * from './openelections/index.ts';
export * from './utf8-chunks.ts';
export * from './source-file-error.ts';
