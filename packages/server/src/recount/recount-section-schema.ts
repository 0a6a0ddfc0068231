import { z } from 'zod';
import { OFFICE_SCOPES, RECOUNT_CONTEST_KINDS, RECOUNT_ELECTION_TYPES } from '@canvass/core';

const confidence = z.enum(['verified_statute', 'secondary', 'uncertain']);

/** The recount check as `canvass recount check --json` prints it (core's RecountCheckJson). */
export const RecountCheckJsonSchema = z.object({
  state: z.string(),
  lawAsOf: z.string(),
  margin: z.object({
    lastWinner: z.string().nullable(),
    firstLoser: z.string().nullable(),
    marginVotes: z.number().int().nullable(),
    totalVotes: z.number().int(),
    tie: z.boolean(),
  }),
  automatic: z.object({
    applies: z.boolean(),
    triggered: z.boolean(),
    marginVotes: z.number().int().nullable(),
    thresholdVotes: z.number().int().nullable(),
    distanceVotes: z.number().int().nullable(),
    condition: z.string().nullable(),
    rule: z.string().nullable(),
    ruleText: z.string().nullable(),
    statuteQuote: z.string().nullable(),
    citation: z.string().nullable(),
    confidence,
    uncertain: z.boolean(),
    reason: z.string(),
  }),
  requested: z.object({
    available: z.boolean(),
    triggered: z.boolean(),
    thresholdVotes: z.number().int().nullable(),
    condition: z.string().nullable(),
    whoMayRequest: z.string().nullable(),
    whoPays: z.string().nullable(),
    publicCost: z.boolean().nullable(),
    deadline: z.string().nullable(),
    citation: z.string().nullable(),
    confidence,
    uncertain: z.boolean(),
    reason: z.string(),
  }),
});

/** A contest's `recount` section in the results documents (core's ContestRecountSection). */
export const RecountSectionSchema = z.object({
  status: z.enum(['evaluated', 'unknown', 'not-applicable']),
  state: z.string().nullable(),
  electionType: z.enum(RECOUNT_ELECTION_TYPES).nullable(),
  kind: z.enum(RECOUNT_CONTEST_KINDS).nullable(),
  officeScope: z.enum(OFFICE_SCOPES).nullable(),
  officeScopesConsidered: z.array(z.enum(OFFICE_SCOPES)),
  officeScopeFrom: z.enum(['office-name', 'units']).nullable(),
  seats: z.number().int(),
  unknown: z.array(z.string()),
  badge: z.string(),
  check: RecountCheckJsonSchema.nullable(),
});
