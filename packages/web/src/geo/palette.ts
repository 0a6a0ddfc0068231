import type { ChoiceResult, ContestResult } from '../api/types.ts';

/** Margin steps, in points of the vote, that the map's shades stand for. */
export const MARGIN_STEPS: readonly number[] = [5, 10, 20, 40];

/**
 * Light to dark, one shade per margin step. Blue and orange stay apart for the common forms of
 * colour blindness (red/green would not); a third ramp (purple) serves any other leader.
 */
const RAMPS = {
  blue: ['#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'],
  orange: ['#fee0b6', '#fdb863', '#e08214', '#b35806', '#7f3b08'],
  purple: ['#e7d4e8', '#c2a5cf', '#9970ab', '#762a83', '#40004b'],
} as const;

/** Id of the SVG hatch pattern the map defines for counties with no votes yet. */
export const NO_RESULTS_PATTERN = 'no-results-hatch';
/**
 * Fill of a county with no votes yet: a hatch, not a flat grey, so it cannot be mistaken for
 * the palest "close race" shades.
 */
export const NO_RESULTS_FILL = `url(#${NO_RESULTS_PATTERN})`;
/** Fill of a county where the contest is not on the ballot (a local measure elsewhere). */
export const NOT_ON_BALLOT_FILL = '#ffffff';
/** Fill of a tied county. */
export const TIE_FILL = '#8c8c8c';

/** A ramp's name. */
export type RampName = keyof typeof RAMPS;

/** Which ramp each choice's leads are shaded with. */
export interface ContestPalette {
  readonly rampOf: ReadonlyMap<string, RampName>;
  /** The choices given their own ramp, for the legend, in ramp order. */
  readonly sides: readonly { readonly choice: ChoiceResult; readonly ramp: RampName }[];
}

/**
 * Gives blue and orange to the contest's two main choices (Democratic blue and Republican
 * orange where both run, else the first two on the ballot); any other leader is purple.
 */
export function contestPalette(choices: readonly ChoiceResult[]): ContestPalette {
  const candidates = choices.filter((choice) => !choice.isWriteIn);
  const dem = candidates.find((choice) => /^dem/i.test(choice.party ?? ''));
  const rep = candidates.find((choice) => /^rep|^gop/i.test(choice.party ?? ''));
  const [first, second] = dem !== undefined && rep !== undefined ? [dem, rep] : candidates;
  const sides: { choice: ChoiceResult; ramp: RampName }[] = [];
  if (first !== undefined) sides.push({ choice: first, ramp: 'blue' });
  if (second !== undefined) sides.push({ choice: second, ramp: 'orange' });
  const rampOf = new Map<string, RampName>(sides.map((side) => [side.choice.id, side.ramp]));
  for (const choice of choices) if (!rampOf.has(choice.id)) rampOf.set(choice.id, 'purple');
  return { rampOf, sides };
}

/** The step a margin (in points) falls in: 0 below the first step, up to MARGIN_STEPS.length. */
export function marginStep(points: number): number {
  let step = 0;
  while (step < MARGIN_STEPS.length && points >= (MARGIN_STEPS[step] ?? Infinity)) step++;
  return step;
}

/** A ramp's shade for a step. */
export function shade(ramp: RampName, step: number): string {
  const colours = RAMPS[ramp];
  return colours[Math.min(step, colours.length - 1)] ?? colours[0];
}

/** The fill of a unit on the map. */
export function unitFill(palette: ContestPalette, result: ContestResult): string {
  if (result.totalVotes === 0) return NO_RESULTS_FILL;
  if (result.tie || result.leaderId === null) return TIE_FILL;
  const ramp = palette.rampOf.get(result.leaderId) ?? 'purple';
  return shade(ramp, marginStep(result.margin?.percentOfVotes ?? 0));
}
