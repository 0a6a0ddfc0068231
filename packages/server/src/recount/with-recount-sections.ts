import {
  contestRecountBasis,
  contestRecountSection,
  type ContestDocument,
  type ContestRecountSection,
  type ElectionDefinition,
  type RecountRules,
} from '@canvass/core';
import { shippedRecountRules } from './recount-rules-file.ts';

/** A contest document with its recount section. */
export type ContestWithRecount = ContestDocument & { readonly recount: ContestRecountSection };

/**
 * Adds the `recount` section to every contest of a results document, from the contest's whole
 * figures (never a county's or precinct's).
 * @example withRecountSections(definition, document.contests)[0].recount.badge
 */
export function withRecountSections(
  definition: ElectionDefinition,
  contests: readonly ContestDocument[],
  rules: RecountRules = shippedRecountRules(),
): ContestWithRecount[] {
  return contests.map((document) => {
    const contest = definition.contests.find((candidate) => candidate.id === document.id);
    if (contest === undefined) throw new Error(`contest ${document.id} is not in the definition`);
    const recount = contestRecountSection(
      rules,
      contestRecountBasis(definition, contest),
      document.choices.map((choice) => ({
        id: choice.id,
        votes: choice.votes,
        isWriteIn: choice.isWriteIn,
      })),
    );
    return { ...document, recount };
  });
}
