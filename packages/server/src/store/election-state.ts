import type { Transaction } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/**
 * The state of an election a decision was taken against: its version (accepted submissions) and
 * current definition, or version 0 and no definition for an election not yet stored.
 */
export interface ElectionState {
  readonly version: number;
  readonly definitionHash: string | null;
}

/**
 * The election moved on between the moment a decision was taken (the reconciliation gate
 * compared an update with the counts at one version) and the moment its write took the
 * election's write lock: another submission, on this node or another, was accepted or the
 * definition changed. The transaction is rolled back; the caller catches up and decides again.
 */
export class StaleElectionStateError extends Error {
  readonly expected: ElectionState;
  readonly found: ElectionState;

  constructor(electionId: string, expected: ElectionState, found: ElectionState) {
    super(
      `election ${electionId} is at version ${found.version}, not ${expected.version} as the gate saw it`,
    );
    this.name = 'StaleElectionStateError';
    this.expected = expected;
    this.found = found;
  }
}

/**
 * Inside a write transaction, after the election's write lock is taken: throws
 * {@link StaleElectionStateError} unless the election is exactly at `expected`. Whatever was
 * decided against `expected` then still holds when the write commits, on every node.
 */
export async function assertElectionState(
  trx: Transaction<DatabaseSchema>,
  electionId: string,
  expected: ElectionState,
): Promise<void> {
  const row = await trx
    .selectFrom('elections')
    .select(['version', 'definition_hash'])
    .where('id', '=', electionId)
    .executeTakeFirst();
  const found: ElectionState = {
    version: row?.version ?? 0,
    definitionHash: row?.definition_hash ?? null,
  };
  if (found.version !== expected.version || found.definitionHash !== expected.definitionHash)
    throw new StaleElectionStateError(electionId, expected, found);
}
