import {
  contestRecountBasis,
  contestRecountSection,
  type ContestDocument,
  type ContestRecountSection,
  type ElectionDefinition,
  type RecountRules,
} from '@canvass/core';
import { RecountRulesFileError, shippedRecountRules } from './recount-rules-file.ts';

/** A contest document with its recount section. */
export type ContestWithRecount = ContestDocument & { readonly recount: ContestRecountSection };

/**
 * Adds the `recount` section to every contest of a results document, from the contest's whole
 * figures (never a county's or precinct's). Results are served even when the rules file cannot
 * be read: every section then says so instead.
 * @example withRecountSections(definition, document.contests)[0].recount.badge
 */
export function withRecountSections(
  definition: ElectionDefinition,
  contests: readonly ContestDocument[],
  rules: RecountRules | (() => RecountRules) = shippedRecountRules,
): ContestWithRecount[] {
  let table: RecountRules | null = null;
  let failure: string | null = null;
  try {
    table = typeof rules === 'function' ? rules() : rules;
  } catch (error) {
    if (!(error instanceof RecountRulesFileError)) throw error;
    failure = error.message;
  }
  return contests.map((document) => {
    const contest = definition.contests.find((candidate) => candidate.id === document.id);
    if (contest === undefined) throw new Error(`contest ${document.id} is not in the definition`);
    const basis = contestRecountBasis(definition, contest);
    const recount: ContestRecountSection =
      table === null
        ? {
            status: 'unknown',
            state: basis.state,
            electionType: basis.electionType,
            kind: basis.kind,
            officeScope: null,
            officeScopesConsidered: basis.officeScopes,
            officeScopeFrom: basis.officeScopeFrom,
            seats: basis.seats,
            unknown: [`the recount law (${failure ?? 'the rules could not be read'})`],
            badge: 'Recount law not checked: the recount rules could not be read',
            check: null,
          }
        : contestRecountSection(
            table,
            basis,
            document.choices.map((choice) => ({
              id: choice.id,
              votes: choice.votes,
              isWriteIn: choice.isWriteIn,
            })),
          );
    return { ...document, recount };
  });
}
