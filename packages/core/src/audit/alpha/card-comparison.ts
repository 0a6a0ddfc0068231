import { alphaMart } from './alpha-mart.ts';
import { overstatementAssorter, type AssortCard, type Assorter } from './assorters.ts';
import { optimalComparison, type Estimator } from './estimators.ts';

/** A named assertion and its assorter. */
export interface NamedAssertion {
  /** e.g. "Alice v Bob". */
  readonly name: string;
  /** The assorter A. */
  readonly assorter: Assorter;
}

/** Inputs of {@link cardComparisonPValues}. */
export interface CardComparisonInput {
  /** The contest id. */
  readonly contest: string;
  /** Assertions to test. */
  readonly assertions: readonly NamedAssertion[];
  /** Every CVR (the reported results), for the assorter margins. */
  readonly cvrs: readonly AssortCard[];
  /** Sampled cards in draw order: the CVR and the audited MVR. */
  readonly sample: readonly { readonly cvr: AssortCard; readonly mvr: AssortCard }[];
  /** Cards in the population. */
  readonly N: number;
  /** Risk limit. */
  readonly alpha: number;
  /** Card-style data (an MVR without the contest counts as 0). */
  readonly useStyle: boolean;
  /** η estimator; default optimal_comparison. */
  readonly estimator?: Estimator;
}

/** One assertion's outcome. */
export interface AssertionOutcome {
  /** Assertion name. */
  readonly name: string;
  /** Assorter margin v = 2Ā − 1 over the CVRs. */
  readonly margin: number;
  /** Upper bound of the comparison assorter. */
  readonly u: number;
  /** ALPHA p-value. */
  readonly pValue: number;
  /** p ≤ α. */
  readonly proved: boolean;
  /** Comparison-assorter values of the sample. */
  readonly data: readonly number[];
  /** p-value after each draw. */
  readonly pHistory: Float64Array;
}

/**
 * A card-level comparison audit with ALPHA (SHANGRLA's set_all_margins_from_cvrs followed by
 * set_p_values): margins from the CVRs, comparison-assorter values for the sample, and each
 * assertion's p-value.
 * @example cardComparisonPValues({ contest: 'mayor', assertions, cvrs, sample, N: 2000, alpha: 0.05, useStyle: true })
 */
export function cardComparisonPValues(input: CardComparisonInput): {
  readonly pMax: number;
  readonly minMargin: number;
  readonly assertions: readonly AssertionOutcome[];
} {
  const outcomes = input.assertions.map((a): AssertionOutcome => {
    let total = 0;
    for (const cvr of input.cvrs) total += a.assorter.assort(cvr);
    const margin = (2 * total) / input.cvrs.length - 1;
    const b = overstatementAssorter({
      contest: input.contest,
      assorter: a.assorter,
      margin,
      useStyle: input.useStyle,
    });
    const data = input.sample.map((s) => b.assort(s.cvr, s.mvr));
    const r = alphaMart(
      data,
      { N: input.N, t: 0.5, u: b.upperBound },
      input.estimator ?? optimalComparison(),
    );
    return {
      name: a.name,
      margin,
      u: b.upperBound,
      pValue: r.pValue,
      proved: r.pValue <= input.alpha,
      data,
      pHistory: r.pHistory,
    };
  });
  return {
    pMax: Math.max(...outcomes.map((o) => o.pValue)),
    minMargin: Math.min(...outcomes.map((o) => o.margin)),
    assertions: outcomes,
  };
}
