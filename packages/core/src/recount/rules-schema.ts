import { z } from 'zod';
import { parsePercent } from './rational.ts';
import {
  DENOMINATORS,
  OFFICE_SCOPES,
  RECOUNT_CONTEST_KINDS,
  RECOUNT_ELECTION_TYPES,
} from './recount-scope.ts';

/** How far the compilers trusted a rule: statute text read, secondary summaries, or conflicting. */
export const CONFIDENCES = ['verified_statute', 'secondary', 'uncertain'] as const;

/** What a rule decides (see `evaluation_fields.purpose` in the data). */
export const RULE_PURPOSES = [
  'automatic',
  'automatic-followup',
  'discretionary',
  'request-eligibility',
  'request-public',
  'request-cost-tier',
] as const;

const count = z.number().int().nonnegative();

/** A trigger test: a tree of margin conditions and bounds on a denominator. */
export type RuleTest =
  | { readonly votes: number; readonly cmp: '<=' | '<' }
  | {
      readonly pct: string;
      readonly of: (typeof DENOMINATORS)[number];
      readonly cmp: '<=' | '<';
    }
  | { readonly all: readonly RuleTest[] }
  | { readonly any: readonly RuleTest[] }
  | {
      readonly total: (typeof DENOMINATORS)[number];
      readonly min?: number | undefined;
      readonly max?: number | undefined;
    };

/** Zod schema for {@link RuleTest}. */
export const RuleTestSchema: z.ZodType<RuleTest> = z.lazy(() =>
  z.union([
    z.strictObject({ votes: count, cmp: z.enum(['<=', '<']) }).readonly(),
    z
      .strictObject({
        pct: z.string().refine((s) => parsePercent(s) !== null, 'a decimal percentage'),
        of: z.enum(DENOMINATORS),
        cmp: z.enum(['<=', '<']),
      })
      .readonly(),
    z.strictObject({ all: z.array(RuleTestSchema).min(1).readonly() }).readonly(),
    z.strictObject({ any: z.array(RuleTestSchema).min(1).readonly() }).readonly(),
    z
      .strictObject({ total: z.enum(DENOMINATORS), min: count.optional(), max: count.optional() })
      .readonly(),
  ]),
);

/** Zod schema for one alternative of a rule's `applies` list. */
export const RuleAppliesSchema = z
  .strictObject({
    elections: z.array(z.enum(RECOUNT_ELECTION_TYPES)).min(1).readonly(),
    kinds: z.array(z.enum(RECOUNT_CONTEST_KINDS)).min(1).readonly(),
    scopes: z.array(z.enum(OFFICE_SCOPES)).min(1).readonly(),
    max_seats: z.number().int().positive().optional(),
    total: z
      .strictObject({ of: z.enum(DENOMINATORS), min: count.optional(), max: count.optional() })
      .readonly()
      .optional(),
    from_year: z.number().int().optional(),
    until_year: z.number().int().optional(),
    uncertain: z.string().min(1).optional(),
  })
  .readonly();

/** When a rule applies: elections, contest kinds, office scopes and optional bounds. */
export type RuleApplies = z.infer<typeof RuleAppliesSchema>;

/** Zod schema for {@link RecountRule}. */
export const RecountRuleSchema = z
  .object({
    scope: z.string().min(1),
    margin_definition: z.string().min(1),
    comparator: z.enum(['<=', '<', '==', 'mixed', '>=', '>']),
    pct: z.number().positive().nullable(),
    denominator: z.string().nullable(),
    abs_votes: count.nullable(),
    combine: z.string().nullable(),
    expr: z.string().min(1),
    integer_test: z.string().min(1),
    note: z.string().optional(),
    purpose: z.enum(RULE_PURPOSES),
    applies: z.array(RuleAppliesSchema).min(1).readonly(),
    test: RuleTestSchema.nullable(),
    test_note: z.string().optional(),
  })
  .readonly();

/** One margin rule of a state's recount law, as compiled, with its structured trigger. */
export type RecountRule = z.infer<typeof RecountRuleSchema>;

const sources = z.array(z.string().min(1)).readonly();

/** Zod schema for a state's automatic-recount law. */
export const AutomaticLawSchema = z
  .object({
    exists: z.boolean(),
    kind: z.string().min(1),
    summary: z.string().min(1),
    statute_quote: z.string().nullable().optional(),
    rules: z.array(RecountRuleSchema).readonly(),
    offices: z.string().optional(),
    elections: z.string().optional(),
    ties: z.string().nullable().optional(),
    waivable: z.string().nullable().optional(),
    who_pays: z.string().optional(),
    timing: z.string().nullable().optional(),
    citation: z.string().nullable(),
    sources,
    confidence: z.enum(CONFIDENCES),
    notes: z.string().nullable(),
  })
  .readonly();

/** Zod schema for a state's requested-recount law. */
export const RequestedLawSchema = z
  .object({
    available: z.union([z.boolean(), z.literal('limited')]),
    who_may_request: z.string().nullable(),
    margin_requirement: z.string().nullable(),
    rules: z.array(RecountRuleSchema).readonly(),
    /** The contests a recount may be requested for; absent: any. */
    applies: z.array(RuleAppliesSchema).min(1).readonly().optional(),
    cost: z.string().nullable(),
    deadline: z.string().nullable(),
    citation: z.string().min(1),
    sources,
    confidence: z.enum(CONFIDENCES),
    notes: z.string().nullable(),
  })
  .readonly();

/** Zod schema for {@link StateRecountLaw}. */
export const StateRecountLawSchema = z
  .object({
    state: z.string().min(1),
    abbr: z.string().regex(/^[A-Z]{2}$/),
    automatic: AutomaticLawSchema,
    requested: RequestedLawSchema,
    conflicts: z.string().nullable(),
  })
  .readonly();

/** The recount law of one state (or DC). */
export type StateRecountLaw = z.infer<typeof StateRecountLawSchema>;

/** Zod schema for one entry of the data's `corrections` list. */
export const RulesCorrectionSchema = z
  .object({
    state: z.string().regex(/^[A-Z]{2}$/),
    field: z.string().min(1),
    was: z.string().nullable(),
    now: z.string().min(1),
    reason: z.string().min(1),
    source: z.string().min(1),
  })
  .readonly();

/** Zod schema for {@link RecountRules}. Only the fields evaluation needs are typed; the rest pass. */
export const RecountRulesSchema = z
  .object({
    title: z.string(),
    generated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    states: z.array(StateRecountLawSchema).readonly(),
    corrections: z.array(RulesCorrectionSchema).readonly(),
  })
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.states.forEach((state, index) => {
      if (seen.has(state.abbr)) {
        ctx.addIssue({
          code: 'custom',
          path: ['states', index, 'abbr'],
          message: `${state.abbr} appears twice`,
        });
      }
      seen.add(state.abbr);
    });
  })
  .readonly();

/** The validated recount-rules table: every state's automatic and requested recount law. */
export type RecountRules = z.infer<typeof RecountRulesSchema>;
