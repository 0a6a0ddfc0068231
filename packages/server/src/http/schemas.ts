import { z } from 'zod';
import { RecountSectionSchema } from '../recount/recount-section-schema.ts';

/** A JSON submission: OpenElections-style rows from a county's own system. */
export const JsonSubmissionSchema = z
  .object({
    sourceName: z.string().min(1).max(200).optional(),
    rows: z
      .array(
        z
          .object({
            county: z.string().max(200),
            precinct: z.string().max(200),
            office: z.string().min(1).max(300),
            district: z.string().max(100).optional(),
            party: z.string().max(100).optional(),
            candidate: z.string().max(300),
            votes: z.union([z.number(), z.string().max(40)]).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1_000_000),
  })
  .strict();

/** A JSON submission body. */
export type JsonSubmission = z.infer<typeof JsonSubmissionSchema>;

/** The error body every failing request gets. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** One election in the list. */
export const ElectionSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  date: z.string(),
  state: z.string().nullable(),
  type: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  definitionHash: z.string(),
});

const MarginSchema = z.object({
  votes: z.number().int(),
  percentOfVotes: z.number().nullable(),
  twoPartyPoints: z.number().nullable(),
  between: z.tuple([z.string(), z.string()]),
});

const ContestResultShape = {
  choices: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      party: z.string().nullable(),
      isWriteIn: z.boolean(),
      votes: z.number().int(),
      share: z.number().nullable(),
      lines: z.array(z.object({ party: z.string(), votes: z.number().int() })).nullable(),
      byVoteType: z.record(z.string(), z.number().int()).nullable(),
    }),
  ),
  totalVotes: z.number().int(),
  overvotes: z.number().int().nullable(),
  undervotes: z.number().int().nullable(),
  blank: z.number().int().nullable(),
  leader: z.string().nullable(),
  leaderId: z.string().nullable(),
  tie: z.boolean(),
  margin: MarginSchema.nullable(),
  precinctsReporting: z.number().int(),
  precinctsTotal: z.number().int(),
  pseudoUnitsReporting: z.number().int(),
  pseudoUnitsTotal: z.number().int(),
};

const UnitResultSchema = z.object({
  unitId: z.string().nullable(),
  unitName: z.string(),
  pseudo: z.boolean(),
  ...ContestResultShape,
});

const ContestDocumentSchema = z.object({
  id: z.string(),
  name: z.string(),
  office: z.string(),
  district: z.string().nullable(),
  kind: z.string(),
  votesAllowed: z.number().int(),
  seats: z.number().int(),
  ...ContestResultShape,
  counties: z.array(UnitResultSchema).optional(),
  precincts: z.array(UnitResultSchema).optional(),
  recount: RecountSectionSchema,
});

/** The results document served at `/api/elections/:id/results`. */
export const ResultsDocumentSchema = z.object({
  schema: z.literal('canvass.results/1'),
  election: z.object({
    id: z.string(),
    name: z.string(),
    date: z.string(),
    state: z.string().nullable(),
    type: z.string(),
    definitionHash: z.string(),
  }),
  version: z.number().int(),
  updatedAt: z.string(),
  status: z.literal('unofficial'),
  contests: z.array(ContestDocumentSchema),
  warnings: z.array(
    z.object({
      code: z.string(),
      message: z.string(),
      contestId: z.string().nullable(),
      unitId: z.string().nullable(),
    }),
  ),
});

/** A submission as the API reports it. */
export const SubmissionSchema = z.object({
  id: z.number().int(),
  electionId: z.string(),
  definitionHash: z.string(),
  format: z.string(),
  sourceName: z.string(),
  sourceSha256: z.string(),
  byteSize: z.number().int(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  rows: z.number().int(),
  counts: z.number().int(),
});

/** The event published for each new version on the event stream. */
export const ResultsEventSchema = z.object({
  electionId: z.string(),
  version: z.number().int(),
  submissionId: z.number().int().nullable(),
  contests: z.array(z.string()),
  at: z.string(),
});
