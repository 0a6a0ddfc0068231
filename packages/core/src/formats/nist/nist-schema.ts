import { z } from 'zod';

// What Canvass reads from a NIST report. Objects are loose: a report may carry any other field
// the standard allows (JSON Schema validation is the writer's business; here only what the
// import needs is required, so a report from another system with extra detail still reads).

const Text = z.object({ Text: z.array(z.object({ Content: z.string() }).loose()).min(1) }).loose();

const ExternalIdentifier = z
  .object({ Type: z.string(), OtherType: z.string().optional(), Value: z.string() })
  .loose();

const Details = z.array(ExternalIdentifier).optional();

const Id = z.string().min(1);

const VoteCounts = z
  .object({ GpUnitId: Id, Type: z.string(), OtherType: z.string().optional(), Count: z.number() })
  .loose();

const Selection = z
  .object({
    '@type': z.enum([
      'ElectionResults.CandidateSelection',
      'ElectionResults.BallotMeasureSelection',
      'ElectionResults.PartySelection',
    ]),
    '@id': Id,
    CandidateIds: z.array(Id).optional(),
    EndorsementPartyIds: z.array(Id).optional(),
    IsWriteIn: z.boolean().optional(),
    Selection: Text.optional(),
    ExternalIdentifier: Details,
    PartyIds: z.array(Id).optional(),
    VoteCounts: z.array(VoteCounts).optional(),
  })
  .loose();

const Contest = z
  .object({
    '@type': z.enum([
      'ElectionResults.CandidateContest',
      'ElectionResults.BallotMeasureContest',
      'ElectionResults.PartyContest',
      'ElectionResults.RetentionContest',
    ]),
    '@id': Id,
    Name: z.string().min(1),
    ElectionDistrictId: Id,
    VotesAllowed: z.number().int().positive().optional(),
    NumberElected: z.number().int().positive().optional(),
    OfficeIds: z.array(Id).optional(),
    PrimaryPartyIds: z.array(Id).optional(),
    CandidateId: Id.optional(),
    ContestSelection: z.array(Selection).optional(),
    OtherCounts: z
      .array(
        z
          .object({
            GpUnitId: Id,
            Overvotes: z.number().optional(),
            Undervotes: z.number().optional(),
          })
          .loose(),
      )
      .optional(),
    ExternalIdentifier: Details,
  })
  .loose();

const GpUnit = z
  .object({
    '@type': z.enum(['ElectionResults.ReportingUnit', 'ElectionResults.ReportingDevice']),
    '@id': Id,
    Type: z.string().optional(),
    OtherType: z.string().optional(),
    Name: Text.optional(),
    ComposingGpUnitIds: z.array(Id).optional(),
    VotersRegistered: z.number().optional(),
    ExternalIdentifier: Details,
  })
  .loose();

const Election = z
  .object({
    '@type': z.literal('ElectionResults.Election'),
    Name: Text,
    Type: z.string(),
    StartDate: z.string(),
    EndDate: z.string(),
    ElectionScopeId: Id,
    Candidate: z
      .array(z.object({ '@id': Id, BallotName: Text, PartyId: Id.optional() }).loose())
      .optional(),
    Contest: z.array(Contest).optional(),
    BallotCounts: z
      .array(
        z
          .object({
            GpUnitId: Id,
            Type: z.string(),
            OtherType: z.string().optional(),
            BallotsCast: z.number().optional(),
          })
          .loose(),
      )
      .optional(),
    ExternalIdentifier: Details,
  })
  .loose();

/** Zod schema of the NIST report fields Canvass reads. */
export const NistReportSchema = z
  .object({
    '@type': z.literal('ElectionResults.ElectionReport'),
    GeneratedDate: z.string(),
    Status: z.string(),
    Election: z.array(Election).min(1, 'the report has no Election'),
    GpUnit: z.array(GpUnit).min(1, 'the report has no GpUnit'),
    Party: z
      .array(
        z
          .object({
            '@id': Id,
            Name: Text.optional(),
            Abbreviation: z.union([Text, z.string()]).optional(),
          })
          .loose(),
      )
      .optional(),
    Office: z.array(z.object({ '@id': Id, Name: Text }).loose()).optional(),
  })
  .loose();

/** A NIST report as read. */
export type NistReportIn = z.infer<typeof NistReportSchema>;
/** A contest as read. */
export type NistContestIn = z.infer<typeof Contest>;
/** A reporting unit as read. */
export type NistGpUnitIn = z.infer<typeof GpUnit>;
/** A text as read. */
export type NistTextIn = z.infer<typeof Text>;

/** The first (English if there is one) content of an internationalized text. */
export function textContent(text: NistTextIn | undefined): string | null {
  if (text === undefined) return null;
  const english = text.Text.find((item) => (item as { Language?: unknown }).Language === 'en');
  return (english ?? text.Text[0])?.Content ?? null;
}

/** The value of a Canvass detail (an `other` ExternalIdentifier), or null. */
export function detail(
  identifiers:
    readonly { Type: string; OtherType?: string | undefined; Value: string }[] | undefined,
  otherType: string,
): string | null {
  return (
    identifiers?.find((item) => item.Type === 'other' && item.OtherType === otherType)?.Value ??
    null
  );
}
