import type {
  CountBatch,
  FactRecord,
  OpenElectionsImportOptions,
  OpenElectionsImportResult,
} from '@canvass/core';

/** What the main thread hands the parse worker. */
export interface WorkerInput {
  readonly path: string;
  readonly options: Omit<OpenElectionsImportOptions, 'onProgress'>;
}

/** What the parse worker posts back, in order. */
export type WorkerMessage =
  /** `chunk` is the next bytes of the file. */
  | { readonly type: 'source'; readonly chunk: Uint8Array; readonly bytesRead: number }
  | { readonly type: 'counts'; readonly batch: CountBatch }
  | { readonly type: 'facts'; readonly records: FactRecord[] }
  | {
      readonly type: 'done';
      readonly result: OpenElectionsImportResult;
      readonly byteSize: number;
    };
