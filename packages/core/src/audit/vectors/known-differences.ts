// Vector cases where Canvass deliberately differs from the reference implementation, each with
// the reason, and the cases Canvass cannot compute. vectors.test.ts checks that every listed
// difference still differs, so the table cannot silently go stale.

const BRAVO_LANDSLIDE =
  'BRAVO landslide (zero-vote loser): Arlo returns ASN 1, which cannot meet any risk limit below ' +
  '1/2; each winner vote doubles T, so Canvass asks for ceil(log2(1/(alpha*T))) winner votes ' +
  '(4 at 10%, 5 at 5%) divided by the winner share, with prob 1 (RLA.md §10.4)';

/** Case id → why Canvass's output differs from the recorded reference output. */
export const BY_DESIGN: Readonly<Record<string, string>> = {
  'landslide_1000_0/rl5/get_sample_size/round2_after_half_size': BRAVO_LANDSLIDE,
  'landslide_1000_0/rl10/get_sample_size/round1': BRAVO_LANDSLIDE,
  'issue_1601_zero_vote_loser_with_undervote/rl5/get_sample_size/round1': BRAVO_LANDSLIDE,
  'issue_1601_zero_vote_loser_with_undervote/rl5/get_sample_size/round2_after_adverse': BRAVO_LANDSLIDE,
};

/** Case id → why the case cannot be computed. */
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  arlo_test_draw_macro_sample:
    'PPEB batch draw needs numpy 1.x PCG64 + SeedSequence + Generator.choice, bit-exact',
};
