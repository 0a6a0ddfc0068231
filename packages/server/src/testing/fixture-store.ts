import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectionDefinition, SubmissionSink } from '@canvass/core';
import { countBatch, type CountSpec } from '@canvass/core/testing';
import { openSqliteStore, type SqliteStore } from '../store/sqlite-store.ts';
import type { ProducedSubmission, SubmissionRecord } from '../store/store.ts';

/** A temporary SQLite store for a test, removed by `dispose`. */
export async function temporaryStore(): Promise<{
  store: SqliteStore;
  dispose: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-test-'));
  const store = await openSqliteStore(join(dir, 'test.db'));
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let sequence = 0;

/** Stores one submission built from readable count specs and returns its record. */
export async function submitCounts(
  store: SqliteStore,
  definition: ElectionDefinition,
  specs: readonly CountSpec[],
): Promise<SubmissionRecord> {
  const sha256 = `fixture-${++sequence}-${Date.now()}`;
  const outcome = await store.writeSubmission(
    {
      electionId: definition.id,
      format: 'fixture',
      sourceName: `${sha256}.csv`,
      submittedBy: 'test',
      options: {},
    },
    async (sink: SubmissionSink): Promise<ProducedSubmission> => {
      await sink.counts(countBatch(definition, specs));
      return {
        errors: [],
        errorCount: 0,
        warnings: [],
        definition,
        sha256,
        byteSize: 1,
        rows: specs.length,
        counts: specs.length,
      };
    },
  );
  if (outcome.status !== 'accepted') throw new Error(`fixture submission was ${outcome.status}`);
  return outcome.submission;
}
