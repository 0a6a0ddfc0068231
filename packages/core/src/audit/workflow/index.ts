export * from './ballot-manifest.ts';
export * from './polling-audit.ts';
export * from './retrieval-list.ts';
export * from './cvr-csv.ts';
export * from './comparison-audit.ts';
