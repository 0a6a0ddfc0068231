import { ElectionTally, resultsDocument, type ResultsDocument } from '@canvass/core';
import type { Store } from '../store/store.ts';

/**
 * An election's results as they stood at one published version (after its first `version`
 * accepted submissions), under the current definition, so a partner who missed versions can
 * fetch each one. Null when the election or version does not exist.
 * @example const third = await resultsAtVersion(store, '2017-al', 3);
 */
export async function resultsAtVersion(
  store: Store,
  electionId: string,
  version: number,
): Promise<ResultsDocument | null> {
  const election = await store.getElection(electionId);
  if (election === null || !Number.isSafeInteger(version) || version < 0) return null;
  const submissions = await store.listSubmissions(electionId);
  if (version > submissions.length) return null;
  const definition = await store.getDefinition(election.definitionHash);
  if (definition === null) throw new Error(`election ${electionId} names a missing definition`);
  const tally = new ElectionTally(definition);
  for (const submission of submissions.slice(0, version)) {
    const keyedBy =
      submission.definitionHash === election.definitionHash
        ? definition
        : await store.getDefinition(submission.definitionHash);
    if (keyedBy === null) throw new Error(`submission ${submission.id} names a missing definition`);
    const applier = tally.beginSubmission(keyedBy);
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
  return { ...resultsDocument(tally, election.definitionHash), version };
}
