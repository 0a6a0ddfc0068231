export * from './openelections/index.ts';
export * from './utf8-chunks.ts';
export * from './source-file-error.ts';
export * from './nist/index.ts';
export * from './document/index.ts';
export * from './detect-format.ts';
export * from './import-document.ts';
export { importClarity } from './clarity/import-clarity.ts';
export { CsvRecordReader, type CsvRecordHandler, type CsvSyntaxError } from './csv-records.ts';
