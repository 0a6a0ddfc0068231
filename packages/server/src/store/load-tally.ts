import { ElectionTally } from '@canvass/core';
import type { Store } from './store.ts';

/**
 * Rebuilds an election's tally by replaying every accepted submission in order.
 * @example const tally = await loadTally(store, '2017-12-12-al-special-general');
 */
export async function loadTally(
  store: Store,
  electionId: string,
): Promise<{ tally: ElectionTally; definitionHash: string } | null> {
  const election = await store.getElection(electionId);
  if (election === null) return null;
  const definition = await store.getDefinition(election.definitionHash);
  if (definition === null)
    throw new Error(`election ${electionId} names a missing definition ${election.definitionHash}`);
  const tally = new ElectionTally(definition);
  for (const submission of await store.listSubmissions(electionId)) {
    const submissionDefinition =
      submission.definitionHash === election.definitionHash
        ? definition
        : await store.getDefinition(submission.definitionHash);
    if (submissionDefinition === null)
      throw new Error(`submission ${submission.id} names a missing definition`);
    const applier = tally.beginSubmission(submissionDefinition);
    await store.readSubmission(
      submission.id,
      (batch) => {
        applier.counts(batch);
      },
      (facts) => {
        applier.facts(facts);
      },
    );
  }
  return { tally, definitionHash: election.definitionHash };
}
