import { z } from 'zod';

/** How a ballot was cast. `total` is the sum over the others when a source breaks counts down. */
export const VOTE_TYPES = [
  'total',
  'election-day',
  'early',
  'absentee',
  'mail',
  'provisional',
  'other',
] as const;

/** Zod schema for {@link VoteType}. */
export const VoteTypeSchema = z.enum(VOTE_TYPES);

/** How a ballot was cast. */
export type VoteType = z.infer<typeof VoteTypeSchema>;
