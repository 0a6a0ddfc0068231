// Vector cases where Canvass deliberately differs from the reference implementation, each with
// the reason, and the cases Canvass cannot compute. vectors.test.ts checks that every listed
// difference still differs, so the table cannot silently go stale.

const BRAVO_LANDSLIDE =
  'BRAVO landslide (zero-vote loser): Arlo returns ASN 1, which cannot meet any risk limit below ' +
  '1/2; each winner vote doubles T, so Canvass asks for ceil(log2(1/(alpha*T))) winner votes ' +
  '(4 at 10%, 5 at 5%) divided by the winner share, with prob 1 (RLA.md §10.4)';

const SUPERSIMPLE_TAINT =
  'SuperSimple multi-winner taint: a sampled ballot with no CVR is a 2-vote overstatement for ' +
  'every pair; Arlo keeps the first pair with the max counted_as (A–C, margin 1000: weighted ' +
  'error 0.002), Canvass keeps the max weighted error (B–C, margin 500: 0.004), the pair whose ' +
  'margin it most threatens, so its p-value is larger (RLA.md §10.5)';

/** Case id → why Canvass's output differs from the recorded reference output. */
export const BY_DESIGN: Readonly<Record<string, string>> = {
  'landslide_1000_0/rl5/get_sample_size/round2_after_half_size': BRAVO_LANDSLIDE,
  'landslide_1000_0/rl10/get_sample_size/round1': BRAVO_LANDSLIDE,
  'issue_1601_zero_vote_loser_with_undervote/rl5/get_sample_size/round1': BRAVO_LANDSLIDE,
  'issue_1601_zero_vote_loser_with_undervote/rl5/get_sample_size/round2_after_adverse': BRAVO_LANDSLIDE,
  'vote_for_2_of_4/rl5/compute_risk/ballot_not_in_cvrs': SUPERSIMPLE_TAINT,
  'vote_for_2_of_4/rl10/compute_risk/ballot_not_in_cvrs': SUPERSIMPLE_TAINT,
};

/** Case id → why the case cannot be computed. */
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  arlo_test_draw_macro_sample:
    'PPEB batch draw needs numpy 1.x PCG64 + SeedSequence + Generator.choice, bit-exact',
};
