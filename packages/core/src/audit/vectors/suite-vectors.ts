import {
  comparisonStratumPValue,
  pollingStratumPValue,
  suiteRisk,
  type PairMisstatements,
  type SuiteStrata,
} from '../suite/suite.ts';
import { arr, num, obj, pairs, str, type Json } from './json.ts';
import { readContest } from './vector-contest.ts';
import { UnsupportedCase } from './vector-error.ts';

/** Computes one suite.json case (sample sizes are not implemented). */
export function runSuiteCase(c: Json): unknown {
  const fn = str(c['function']);
  const i = obj(c['inputs']);
  const strata = readStrata(obj(i['strata']));
  if (fn.includes('compute_pvalue')) {
    const margin = num(i['reported_margin']);
    const [w, l] = Object.keys(strata.polling.reported);
    const misstatements = strata.cvr.misstatements.get(`${w ?? ''}|${l ?? ''}`) ?? {
      o1: 0,
      o2: 0,
      u1: 0,
      u2: 0,
    };
    const cvr = (lambda: number) =>
      comparisonStratumPValue(lambda, {
        n: strata.cvr.n,
        ballots: strata.cvr.ballots,
        margin,
        misstatements,
      });
    const poll = (lambda: number) =>
      pollingStratumPValue(lambda, margin, {
        ballots: strata.polling.ballots,
        reportedWinner: strata.polling.reported[w ?? ''] ?? 0,
        reportedLoser: strata.polling.reported[l ?? ''] ?? 0,
        n: strata.polling.n,
        sampledWinner: strata.polling.sampled[w ?? ''] ?? 0,
        sampledLoser: strata.polling.sampled[l ?? ''] ?? 0,
      });
    return {
      'cvr_lambda_0.3': cvr(0.3),
      'non_cvr_lambda_0.7': poll(0.7),
      cvr_lambda_1: cvr(1),
      non_cvr_lambda_1: poll(1),
    };
  }
  if (fn.includes('compute_risk')) {
    const risk = suiteRisk(num(i['risk_limit']) / 100, readContest(i['contest']), strata);
    return { p_value: risk.pValue, finished: risk.finished };
  }
  throw new UnsupportedCase(
    'SUITE sample sizes (grid search over stratum sizes) are not implemented',
  );
}

function readStrata(s: Json): SuiteStrata {
  const cvr = obj(s['cvr']);
  const poll = obj(s['non_cvr']);
  const misstatements = new Map<string, PairMisstatements>();
  for (const raw of arr(cvr['misstatements'])) {
    const m = obj(raw);
    misstatements.set(`${str(m['winner'])}|${str(m['loser'])}`, {
      o1: num(m['o1']),
      o2: num(m['o2']),
      u1: num(m['u1']),
      u2: num(m['u2']),
    });
  }
  const sampled: Record<string, number> = {};
  for (const round of arr(poll['sample'])) {
    for (const [name, votes] of pairs(arr(round)[1])) sampled[name] = (sampled[name] ?? 0) + votes;
  }
  return {
    cvr: { ballots: num(cvr['num_ballots']), n: num(cvr['sample_size']), misstatements },
    polling: {
      ballots: num(poll['num_ballots']),
      n: num(poll['sample_size']),
      reported: Object.fromEntries(pairs(poll['vote_totals'])),
      sampled,
    },
  };
}
