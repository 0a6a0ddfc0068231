import { z } from 'zod';
import { ContestSchema } from './contest.ts';
import { ReportingUnitSchema } from './reporting-unit.ts';

/** The kinds of election a state's recount law distinguishes. */
export const ELECTION_TYPES = [
  'general',
  'primary',
  'special-general',
  'special-primary',
  'runoff',
  'other',
] as const;

/** Zod schema for {@link ElectionDefinition}. */
export const ElectionDefinitionSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]*$/,
        'lowercase letters, digits and dashes, starting with a letter or digit',
      ),
    name: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    /** Two-letter postal code of the state, when the election is within one. */
    state: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable(),
    type: z.enum(ELECTION_TYPES),
    units: z.array(ReportingUnitSchema).readonly(),
    contests: z.array(ContestSchema).readonly(),
  })
  .readonly();

/** Everything about an election that is fixed before results arrive. */
export type ElectionDefinition = z.infer<typeof ElectionDefinitionSchema>;

/** The kind of an election. */
export type ElectionType = ElectionDefinition['type'];
