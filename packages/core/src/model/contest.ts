import { z } from 'zod';

/** What is being decided: a race between candidates, a ballot measure, a straight-party choice, a retention vote. */
export const CONTEST_KINDS = ['candidate', 'measure', 'straight-party', 'retention'] as const;

/** Zod schema for {@link Choice}. */
export const ChoiceSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    /** The party shown for the choice; for a fusion candidate the first line's party. */
    party: z.string().nullable(),
    /**
     * Every party line the choice appears on (fusion tickets; a write-in line for a ballot
     * candidate). Counts are kept per line and summed for the choice.
     */
    lines: z.array(z.string()).readonly(),
    isWriteIn: z.boolean(),
  })
  .readonly();

/** One option in a contest. */
export type Choice = z.infer<typeof ChoiceSchema>;

/** Zod schema for {@link Contest}. */
export const ContestSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    office: z.string().min(1),
    district: z.string().nullable(),
    /** The party of a partisan primary; null in a general election. */
    primaryParty: z.string().nullable(),
    kind: z.enum(CONTEST_KINDS),
    votesAllowed: z.number().int().positive(),
    seats: z.number().int().positive(),
    choices: z.array(ChoiceSchema).readonly(),
    /** The units (precincts and pseudo-precincts) where the contest is on the ballot. */
    unitIds: z.array(z.string()).readonly(),
  })
  .readonly();

/** A race or question on the ballot. */
export type Contest = z.infer<typeof ContestSchema>;

/** What a count is of: votes for a choice (on one party line), or a contest's over, under or blank votes. */
export type CountTarget =
  | { readonly kind: 'choice'; readonly choiceId: string; readonly line: string | null }
  | { readonly kind: 'overvotes' }
  | { readonly kind: 'undervotes' }
  | { readonly kind: 'blank' };

/** Facts about a unit rather than a contest. Unknown is absent, never zero. */
export const UNIT_FACTS = [
  'registered-voters',
  'ballots-cast',
  'ballots-blank',
  'times-counted',
] as const;

/** Zod schema for {@link UnitFact}. */
export const UnitFactSchema = z.enum(UNIT_FACTS);

/** A fact about a unit. */
export type UnitFact = z.infer<typeof UnitFactSchema>;
