export type {
  DocumentImportOptions,
  DocumentImportResult,
  DocumentSubmission,
} from './document-submission.ts';
export type { DocumentErrorCode } from './document-log.ts';
