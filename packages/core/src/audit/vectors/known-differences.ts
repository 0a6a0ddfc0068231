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

const SUPERMAJORITY_ABSENT =
  'SHANGRLA supermajority assorter raises KeyError on a card without the contest; Canvass ' +
  'assorts it to 1/2 (no valid vote), like the plurality assorter does (RLA.md §5.1, §10.6)';

const MINERVA_TIE =
  'MINERVA compute_risk on a reported tie: Arlo raises ValueError("Incorrect reported winners"); ' +
  'Canvass reports risk 1, not finished (a tie cannot be confirmed), as BRAVO and SuperSimple do';

/** Case id → why Canvass's output differs from the recorded reference output. */
export const BY_DESIGN: Readonly<Record<string, string>> = {
  'landslide_1000_0/rl5/get_sample_size/round2_after_half_size': BRAVO_LANDSLIDE,
  'landslide_1000_0/rl10/get_sample_size/round1': BRAVO_LANDSLIDE,
  'issue_1601_zero_vote_loser_with_undervote/rl5/get_sample_size/round1': BRAVO_LANDSLIDE,
  'issue_1601_zero_vote_loser_with_undervote/rl5/get_sample_size/round2_after_adverse':
    BRAVO_LANDSLIDE,
  'vote_for_2_of_4/rl5/compute_risk/ballot_not_in_cvrs': SUPERSIMPLE_TAINT,
  'vote_for_2_of_4/rl10/compute_risk/ballot_not_in_cvrs': SUPERSIMPLE_TAINT,
  'assorters/supermajority_2_3[4]': SUPERMAJORITY_ABSENT,
  'landslide_100_0/rl5/get_sample_size/round1':
    'MINERVA zero-vote loser: Arlo hard-codes 4 for every option (issue #1728), but 4 winner votes ' +
    'give risk 1/16 > 5%; Canvass computes the pair like any other: 5 (RLA.md §10.4)',
  'tie_500_500/rl10/compute_risk/100': MINERVA_TIE,
  'sample_size/polling_from_tally_anchor_behaviour':
    'SHANGRLA POLLING find_sample_size raises NameError (bare interleave_values); Canvass returns ' +
    'the size the code intends: 741 for 5500/4500 at 5% with shrink_trunc (RLA.md §5.4, §10.6)',
};

/** Case id → why the case cannot be computed. */
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  arlo_test_draw_macro_sample:
    'PPEB batch draw needs numpy 1.x PCG64 + SeedSequence + Generator.choice, bit-exact',
  'sample_size/polling_simulated_quantile':
    'bootstrap sizes need numpy RandomState (MT19937) + its bounded-integer choice, bit-exact',
  'corla18_fisher_example/rl5/get_sample_size': 'SUITE sample sizes not implemented (risk is)',
  'corla18_fisher_example/rl10/get_sample_size': 'SUITE sample sizes not implemented (risk is)',
  'three_candidates_after_sample/rl10/get_sample_size':
    'SUITE sample sizes not implemented (risk is)',
  'providence/three_50_30_20/rl10/get_sample_size/round1':
    'Providence first-round sizes (r2b2 next_sample_size search) not implemented',
};

/** Item id → a difference Canvass has not resolved (reported, never silently accepted). None now. */
export const SPEC_GAPS: Readonly<Record<string, string>> = {};

/** Vector files whose algorithm Canvass does not implement yet (every case must be Unsupported). */
export const NOT_IMPLEMENTED_FILES: Readonly<Record<string, string>> = {};
