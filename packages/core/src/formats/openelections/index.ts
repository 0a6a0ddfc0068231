export * from './import.ts';
export { inferElectionMetaFromFileName, type ElectionMeta } from './file-name.ts';
export type { OpenElectionsErrorCode, OpenElectionsWarningCode } from './messages.ts';
export { exportOpenElections } from './export.ts';
