/**
 * The part of the NIST SP 1500-100 v2 Election Results Reporting model that Canvass writes
 * (JSON shape; the XML writer maps the same objects onto the XSD).
 */

/** `InternationalizedText` with one language string. */
export interface NistText {
  readonly '@type': 'ElectionResults.InternationalizedText';
  readonly Text: readonly {
    readonly '@type': 'ElectionResults.LanguageString';
    readonly Language: string;
    readonly Content: string;
  }[];
}

/** An identifier from another scheme, or a Canvass detail NIST has no field for. */
export interface NistExternalIdentifier {
  readonly '@type': 'ElectionResults.ExternalIdentifier';
  readonly Type: 'fips' | 'local-level' | 'national-level' | 'ocd-id' | 'other' | 'state-level';
  readonly OtherType?: string;
  readonly Value: string;
}

/** A vote count for one selection in one unit and vote type. */
export interface NistVoteCounts {
  readonly '@type': 'ElectionResults.VoteCounts';
  readonly GpUnitId: string;
  readonly Type: string;
  readonly OtherType?: string;
  readonly Count: number;
}

/** Over- and undervotes of a contest in one unit. */
export interface NistOtherCounts {
  readonly '@type': 'ElectionResults.OtherCounts';
  readonly GpUnitId: string;
  readonly Overvotes?: number;
  readonly Undervotes?: number;
}

/** Ballots cast in one unit. */
export interface NistBallotCounts {
  readonly '@type': 'ElectionResults.BallotCounts';
  readonly GpUnitId: string;
  readonly Type: string;
  readonly OtherType?: string;
  readonly BallotsCast: number;
}

/** A reporting unit (state, county, precinct or pseudo-precinct). */
export interface NistReportingUnit {
  readonly '@type': 'ElectionResults.ReportingUnit';
  readonly '@id': string;
  readonly ComposingGpUnitIds?: readonly string[];
  readonly ExternalIdentifier?: readonly NistExternalIdentifier[];
  readonly IsMailOnly?: boolean;
  readonly Name: NistText;
  readonly OtherType?: string;
  readonly SubUnitsReported?: number;
  readonly TotalSubUnits?: number;
  readonly Type: string;
  readonly VotersRegistered?: number;
}

/** A party (or, for a straight-party contest, one party choice). */
export interface NistParty {
  readonly '@type': 'ElectionResults.Party';
  readonly '@id': string;
  readonly Abbreviation?: NistText;
  readonly Name: NistText;
}

/** A candidate. */
export interface NistCandidate {
  readonly '@type': 'ElectionResults.Candidate';
  readonly '@id': string;
  readonly BallotName: NistText;
  readonly PartyId?: string;
}

/** An office a candidate contest fills. */
export interface NistOffice {
  readonly '@type': 'ElectionResults.Office';
  readonly '@id': string;
  readonly Name: NistText;
}

/** Any of the three selection kinds Canvass writes. */
export type NistSelection =
  | {
      readonly '@type': 'ElectionResults.CandidateSelection';
      readonly '@id': string;
      readonly CandidateIds: readonly string[];
      readonly EndorsementPartyIds?: readonly string[];
      readonly IsWriteIn?: boolean;
      readonly SequenceOrder: number;
      readonly VoteCounts: readonly NistVoteCounts[];
    }
  | {
      readonly '@type': 'ElectionResults.BallotMeasureSelection';
      readonly '@id': string;
      readonly ExternalIdentifier?: readonly NistExternalIdentifier[];
      readonly Selection: NistText;
      readonly SequenceOrder: number;
      readonly VoteCounts: readonly NistVoteCounts[];
    }
  | {
      readonly '@type': 'ElectionResults.PartySelection';
      readonly '@id': string;
      readonly PartyIds: readonly string[];
      readonly SequenceOrder: number;
      readonly VoteCounts: readonly NistVoteCounts[];
    };

/** Fields every contest kind shares. */
interface NistContestBase {
  readonly '@id': string;
  readonly ContestSelection: readonly NistSelection[];
  readonly ElectionDistrictId: string;
  readonly ExternalIdentifier?: readonly NistExternalIdentifier[];
  readonly Name: string;
  readonly OtherCounts?: readonly NistOtherCounts[];
  readonly SequenceOrder: number;
  readonly SubUnitsReported: number;
  readonly TotalSubUnits: number;
}

/** A contest of any kind Canvass writes. */
export type NistContest =
  | (NistContestBase & {
      readonly '@type': 'ElectionResults.CandidateContest';
      readonly NumberElected: number;
      readonly OfficeIds: readonly string[];
      readonly PrimaryPartyIds?: readonly string[];
      readonly VotesAllowed: number;
    })
  | (NistContestBase & { readonly '@type': 'ElectionResults.BallotMeasureContest' })
  | (NistContestBase & { readonly '@type': 'ElectionResults.PartyContest' })
  | (NistContestBase & {
      readonly '@type': 'ElectionResults.RetentionContest';
      readonly CandidateId: string;
    });

/** The election. */
export interface NistElection {
  readonly '@type': 'ElectionResults.Election';
  readonly BallotCounts: readonly NistBallotCounts[];
  readonly Candidate: readonly NistCandidate[];
  readonly Contest: readonly NistContest[];
  readonly ElectionScopeId: string;
  readonly EndDate: string;
  readonly ExternalIdentifier: readonly NistExternalIdentifier[];
  readonly Name: NistText;
  readonly OtherType?: string;
  readonly StartDate: string;
  readonly Type: string;
}

/** The report: the root object of a NIST results file. */
export interface NistElectionReport {
  readonly '@type': 'ElectionResults.ElectionReport';
  readonly Election: readonly NistElection[];
  readonly Format: 'precinct-level' | 'summary-contest';
  readonly GeneratedDate: string;
  readonly GpUnit: readonly NistReportingUnit[];
  readonly Issuer: string;
  readonly IssuerAbbreviation: string;
  readonly Office: readonly NistOffice[];
  readonly Party: readonly NistParty[];
  readonly SequenceEnd: number;
  readonly SequenceStart: number;
  readonly Status: NistResultsStatus;
  readonly VendorApplicationId: string;
}

/** The report statuses of NIST v2. */
export const NIST_RESULTS_STATUSES = [
  'certified',
  'correction',
  'pre-election',
  'recount',
  'unofficial-complete',
  'unofficial-partial',
] as const;

/** A report status. */
export type NistResultsStatus = (typeof NIST_RESULTS_STATUSES)[number];

/** Builds an `InternationalizedText` in English. */
export function nistText(content: string): NistText {
  return {
    '@type': 'ElectionResults.InternationalizedText',
    Text: [{ '@type': 'ElectionResults.LanguageString', Language: 'en', Content: content }],
  };
}

/** Builds an `ExternalIdentifier` of type `other` carrying a Canvass detail. */
export function canvassDetail(otherType: string, value: string): NistExternalIdentifier {
  return {
    '@type': 'ElectionResults.ExternalIdentifier',
    Type: 'other',
    OtherType: otherType,
    Value: value,
  };
}
