import type { ContestRecountBasis, OfficeScopeSource } from './contest-recount-basis.ts';
import { evaluateRecount } from './evaluate-recount.ts';
import { formatRecountBadge } from './recount-badge.ts';
import { recountCheckJson, type RecountCheckJson } from './recount-check-json.ts';
import type { RecountEvaluation } from './recount-evaluation.ts';
import type { OfficeScope, RecountContestKind, RecountElectionType } from './recount-scope.ts';
import type { RecountRules } from './rules-schema.ts';

/**
 * The `recount` section of a contest in the results documents: what the state's recount law
 * says about the current figures, and on what basis. `status` is `unknown` when the definition
 * does not say enough (no state, an election type the laws do not name, or an office scope on
 * which the answer depends), and `not-applicable` for a contest no recount law addresses.
 */
export interface ContestRecountSection {
  readonly status: 'evaluated' | 'unknown' | 'not-applicable';
  readonly state: string | null;
  readonly electionType: RecountElectionType | null;
  readonly kind: RecountContestKind | null;
  /** The office scope used; null when not known exactly. */
  readonly officeScope: OfficeScope | null;
  /** The scopes considered when the exact one is not known (the answer was the same for all). */
  readonly officeScopesConsidered: readonly OfficeScope[];
  readonly officeScopeFrom: OfficeScopeSource | null;
  readonly seats: number;
  /** What the definition does not tell, in words; empty when everything is known. */
  readonly unknown: readonly string[];
  /** The sentence for the results page. */
  readonly badge: string;
  /** The check itself, as `canvass recount check --json` prints it; null unless evaluated. */
  readonly check: RecountCheckJson | null;
}

/** The votes of one choice, as a contest result gives them. */
export interface SectionChoice {
  readonly id: string;
  readonly votes: number;
  readonly isWriteIn: boolean;
}

// The fields on which the readings of an unknown scope must agree for the answer to stand.
function answerKey(evaluation: RecountEvaluation): string {
  const check = recountCheckJson(evaluation);
  return JSON.stringify([
    check.automatic.applies,
    check.automatic.triggered,
    check.automatic.thresholdVotes,
    check.automatic.citation,
    check.requested.available,
    check.requested.triggered,
    check.requested.thresholdVotes,
    check.requested.citation,
  ]);
}

/**
 * Checks a contest's current figures against its state's recount law. When the office scope is
 * not known exactly, every scope it may have is tried and the answer is given only if they agree.
 * @example contestRecountSection(rules, basis, choices).badge // 'Outside the automatic-recount margin: 1.63% > 0.5%'
 */
export function contestRecountSection(
  rules: RecountRules,
  basis: ContestRecountBasis,
  choices: readonly SectionChoice[],
): ContestRecountSection {
  const exactScope = basis.officeScopes.length === 1 ? (basis.officeScopes[0] ?? null) : null;
  const common = {
    state: basis.state,
    electionType: basis.electionType,
    kind: basis.kind,
    officeScope: exactScope,
    officeScopesConsidered: exactScope === null ? basis.officeScopes : [],
    officeScopeFrom: basis.officeScopeFrom,
    seats: basis.seats,
  };
  if (basis.kind === null) {
    return {
      ...common,
      status: 'not-applicable',
      unknown: [],
      badge: 'No recount margin: not a contest between candidates or a measure',
      check: null,
    };
  }
  const unknown: string[] = [];
  if (basis.state === null) unknown.push('the state (the election definition names none)');
  else if (!rules.states.some((law) => law.abbr === basis.state))
    unknown.push(`the recount law of ${basis.state} (not in the rules table)`);
  if (basis.electionType === null)
    unknown.push('the election type (general, primary, runoff, ...) the recount laws distinguish');
  const state = basis.state;
  const electionType = basis.electionType;
  const kind = basis.kind;
  if (unknown.length > 0 || state === null || electionType === null) {
    return { ...common, status: 'unknown', unknown, badge: unknownBadge(unknown), check: null };
  }
  const evaluations = basis.officeScopes.flatMap((scope) => {
    const result = evaluateRecount(rules, {
      state,
      electionType,
      scope,
      kind,
      seats: basis.seats,
      choices,
      electionYear: basis.year,
    });
    return result.ok ? [result.value] : [];
  });
  const first = evaluations[0];
  const agree =
    first !== undefined &&
    evaluations.length === basis.officeScopes.length &&
    evaluations.every((evaluation) => answerKey(evaluation) === answerKey(first));
  if (!agree) {
    unknown.push(
      `the office's scope (${basis.officeScopes.join(', ')}), on which the answer depends`,
    );
    return { ...common, status: 'unknown', unknown, badge: unknownBadge(unknown), check: null };
  }
  return {
    ...common,
    status: 'evaluated',
    unknown: [],
    badge: formatRecountBadge(first),
    check: recountCheckJson(first),
  };
}

function unknownBadge(unknown: readonly string[]): string {
  return `Recount law not checked: unknown ${unknown.join('; ')}`;
}
