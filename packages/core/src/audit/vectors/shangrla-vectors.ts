import { alphaMart } from '../alpha/alpha-mart.ts';
import {
  overstatementAssorter,
  pluralityAssorter,
  supermajorityAssorter,
  supermajorityMarginFromTally,
  type AssortCard,
  type CardVotes,
} from '../alpha/assorters.ts';
import {
  fixedAlternativeMean,
  optimalComparison,
  shrinkTrunc,
  type Estimator,
} from '../alpha/estimators.ts';
import { cardComparisonPValues } from '../alpha/card-comparison.ts';
import { agrapaMart, fixedBetMart, kaplanMarkov, kaplanWald } from '../alpha/other-tests.ts';
import { EPSILON, type MeanTestSetting } from '../alpha/population.ts';
import { comparisonSampleSize, interleaveValues, sampleSizeFor } from '../alpha/sample-size.ts';
import { sha256PrngValue } from '../alpha/sha256-prng.ts';
import type { Sha256Digest } from '../sampler/digest.ts';
import { arr, num, obj, str, type Json } from './json.ts';
import { UnsupportedCase } from './vector-error.ts';

// cryptorandom vectors list the sample numbers of the first ten CVRs.
const PRNG_OUTPUTS = 10;

/** Computes one shangrla_alpha.json case (item cases yield one result object per item). */
export function runShangrlaCase(c: Json, digest: Sha256Digest): unknown {
  const id = str(c['id']);
  const fn = str(c['function']);
  if (id.startsWith('alpha_mart/')) return alphaCase(fn, obj(c['inputs']));
  if (id.startsWith('other_tests/')) return otherTest(fn, obj(c['inputs']));
  if (id === 'assorters/plurality') return pluralityItems(obj(c['inputs']), arr(c['items']));
  if (id === 'assorters/supermajority_2_3')
    return supermajorityItems(obj(c['inputs']), arr(c['items']));
  if (id === 'assorters/overstatement')
    return overstatementItems(obj(c['inputs']), arr(c['items']));
  if (id === 'sample_size/comparison_deterministic')
    return arr(c['items']).map((i) => comparisonItem(obj(i)));
  if (id === 'sample_size/polling_deterministic_interleaved') {
    return arr(c['items']).map((i) => pollingItem(obj(i)));
  }
  if (id === 'sample_size/polling_from_tally_anchor_behaviour') {
    // Canvass computes what the reference intends (its code raises NameError).
    const i = obj(c['inputs']);
    const tally = Object.entries(obj(i['tally'])).map(([k, v]) => [k, num(v)] as const);
    const [w, l] = [tally[0]?.[1] ?? 0, tally[1]?.[1] ?? 0];
    return pollingSize(num(i['N']), w, l, 0, num(i['risk_limit']), 'shrink_trunc');
  }
  if (id === 'end_to_end/card_comparison_optimal_comparison') return endToEnd(obj(c['inputs']));
  if (id === 'cryptorandom/sha256_prng_sample_nums') {
    // A seed beyond 2^53 must reach us as a string (JSON.parse would round it).
    const raw = obj(c['inputs'])['seed'];
    const seed = typeof raw === 'string' ? raw : String(num(raw));
    return Array.from({ length: PRNG_OUTPUTS }, (_, k) =>
      sha256PrngValue(digest, seed, k).toString(),
    );
  }
  if (id.startsWith('sample_size/polling_simulated')) {
    throw new UnsupportedCase('bootstrap sizes need numpy RandomState (MT19937) choice, bit-exact');
  }
  throw new UnsupportedCase(`no Canvass implementation for ${fn}`);
}

function setting(i: Json): MeanTestSetting {
  return { N: num(i['N']), t: num(i['t']), u: num(i['u']) };
}

function alphaCase(fn: string, i: Json): unknown {
  const x = arr(i['x']).map((v) => num(v));
  const s = setting(i);
  let estimator: Estimator;
  let constantEta = false;
  if (fn.includes('fixed_alternative_mean')) {
    estimator = fixedAlternativeMean(num(i['eta']));
    constantEta = !Number.isFinite(s.N);
  } else if (fn.includes('shrink_trunc')) {
    estimator = shrinkTrunc({
      eta: num(i['eta']),
      d: num(i['d']),
      f: num(i['f']),
      minsd: num(i['minsd']),
      ...(typeof i['c'] === 'number' ? { c: i['c'] } : {}),
    });
  } else if (fn.includes('optimal_comparison')) {
    estimator = optimalComparison(num(i['error_rate_2']));
    constantEta = true;
  } else {
    throw new UnsupportedCase(`unknown estimator in ${fn}`);
  }
  const r = alphaMart(x, s, estimator);
  return {
    p_value: r.pValue,
    p_history: Array.from(r.pHistory),
    eta_j: constantEta ? r.eta[0] : Array.from(r.eta),
  };
}

function otherTest(fn: string, i: Json): unknown {
  const x = arr(i['x']).map((v) => num(v));
  const s = setting(i);
  let r;
  if (fn.includes('kaplan_markov') || fn.includes('kaplan_kolmogorov'))
    r = kaplanMarkov(x, s, num(i['g']));
  else if (fn.includes('kaplan_wald')) r = kaplanWald(x, s, num(i['g']));
  else if (fn.includes('fixed_bet')) r = fixedBetMart(x, s, num(i['lam']));
  else if (fn.includes('agrapa')) r = agrapaMart(x, s, { lam0: num(i['lam0']) });
  else throw new UnsupportedCase(`unknown test ${fn}`);
  return { p_value: r.pValue, p_history: Array.from(r.pHistory) };
}

function cardVotes(value: unknown): CardVotes {
  const out: Record<string, Record<string, number | boolean>> = {};
  for (const [contest, votes] of Object.entries(obj(value))) {
    out[contest] = Object.fromEntries(
      Object.entries(obj(votes)).map(([k, v]) => [k, typeof v === 'boolean' ? v : num(v)]),
    );
  }
  return out;
}

function pairOf(assertion: string): [string, string] {
  const [w, l] = assertion.split(' v ');
  return [w ?? '', l ?? ''];
}

function pluralityItems(inputs: Json, items: readonly unknown[]): unknown {
  const contest = str(obj(inputs['contest'])['id']);
  return items.map((raw) => {
    const item = obj(raw);
    const [w, l] = pairOf(str(item['assertion']));
    return { assort: pluralityAssorter(contest, w, l).assort({ votes: cardVotes(item['votes']) }) };
  });
}

function supermajorityItems(inputs: Json, items: readonly unknown[]): unknown {
  const c = obj(inputs['contest']);
  const contest = str(c['id']);
  const share = num(c['share_to_win']);
  const tally = Object.entries(obj(c['tally'])).map(([k, v]) => [k, num(v)] as const);
  const candidates = tally.map(([k]) => k);
  return items.map((raw) => {
    const item = obj(raw);
    const [w] = pairOf(str(item['assertion']));
    const a = supermajorityAssorter(contest, w, candidates, share);
    if (item['votes'] === undefined) {
      const winnerVotes = tally.find(([k]) => k === w)?.[1] ?? 0;
      const valid = tally.reduce((s, [, v]) => s + v, 0);
      return {
        margin_from_tally: supermajorityMarginFromTally(winnerVotes, valid, num(c['cards']), share),
        upper_bound: a.upperBound,
      };
    }
    return { status: 'ok', assort: a.assort({ votes: cardVotes(item['votes']) }) };
  });
}

function overstatementItems(inputs: Json, items: readonly unknown[]): unknown {
  const c = obj(inputs['contest']);
  const contest = str(c['id']);
  const cards = num(c['cards']);
  const tally = new Map(Object.entries(obj(c['tally'])).map(([k, v]) => [k, num(v)]));
  const card = (name: string): AssortCard => {
    if (name === 'phantom') return { votes: {}, phantom: true };
    if (name === 'absent') return { votes: {} };
    if (name === 'blank') return { votes: { [contest]: {} } };
    return { votes: { [contest]: { [name]: 1 } } };
  };
  return items.map((raw) => {
    const item = obj(raw);
    const [w, l] = pairOf(str(item['assertion']));
    const margin = ((tally.get(w) ?? 0) - (tally.get(l) ?? 0)) / cards;
    const base = pluralityAssorter(contest, w, l);
    const useStyle = item['use_style'] === true;
    const b = overstatementAssorter({ contest, assorter: base, margin, useStyle });
    if (item['cvr'] === undefined) {
      return { margin, upper_bound: base.upperBound, u_comparison: b.upperBound };
    }
    return { status: 'ok', value: b.assort(card(str(item['cvr'])), card(str(item['mvr']))) };
  });
}

function comparisonItem(item: Json): unknown {
  const margin = num(item['assorter_margin']);
  const u = 2 / (2 - margin);
  const estim = str(item['estim']);
  const estimator =
    estim === 'optimal_comparison' ? optimalComparison() : shrinkTrunc({ eta: u * (1 - EPSILON) });
  const size = comparisonSampleSize({
    N: num(item['N']),
    margin,
    alpha: num(item['risk_limit']),
    rate1: num(item['rate_1']),
    rate2: num(item['rate_2']),
    estimator,
  });
  return { status: 'ok', sample_size: size };
}

function pollingItem(item: Json): unknown {
  const t = obj(item['tally']);
  const size = pollingSize(
    num(item['N']),
    num(t['w']),
    num(t['l']),
    num(t['other'] ?? 0),
    num(item['risk_limit']),
    str(item['estim']),
  );
  return { status: 'ok', sample_size: size };
}

function pollingSize(
  N: number,
  w: number,
  l: number,
  other: number,
  alpha: number,
  estim: string,
): number {
  const eta = (w + other / 2) / N;
  const estimator =
    estim === 'fixed_alternative_mean' ? fixedAlternativeMean(eta) : shrinkTrunc({ eta });
  return sampleSizeFor(interleaveValues(l, other, w), alpha, { N, t: 0.5, u: 1 }, estimator);
}

// The case describes its CVRs and sample in words (see its inputs): ids c0..c1999 with Alice
// below 1000, Bob below 1800, Carol below 1900, the rest blank; the sample is every tenth id,
// and the audit board read c30 as Bob and c70 as blank.
function endToEnd(i: Json): unknown {
  const cards = num(i['cards']);
  const contest = 'mayor';
  const voteFor = (k: number): string | null =>
    k < 1000 ? 'Alice' : k < 1800 ? 'Bob' : k < 1900 ? 'Carol' : null;
  const card = (name: string | null): AssortCard => ({
    votes: { [contest]: name === null ? {} : { [name]: 1 } },
  });
  const cvrs = Array.from({ length: cards }, (_, k) => card(voteFor(k)));
  const sample = Array.from({ length: 200 }, (_, s) => {
    const k = s * 10;
    const audited = k === 30 ? 'Bob' : k === 70 ? null : voteFor(k);
    return { cvr: card(voteFor(k)), mvr: card(audited) };
  });
  const assertions = ['Bob', 'Carol'].map((loser) => ({
    name: `Alice v ${loser}`,
    assorter: pluralityAssorter(contest, 'Alice', loser),
  }));
  const r = cardComparisonPValues({
    contest,
    assertions,
    cvrs,
    sample,
    N: cards,
    alpha: num(i['risk_limit']),
    useStyle: i['use_style'] === true,
  });
  return {
    p_max: r.pMax,
    min_margin: r.minMargin,
    assertions: r.assertions.map((a) => ({
      assertion: a.name,
      margin: a.margin,
      u: a.u,
      p_value: a.pValue,
      proved: a.proved,
      data: a.data,
      p_history: Array.from(a.pHistory),
    })),
  };
}
