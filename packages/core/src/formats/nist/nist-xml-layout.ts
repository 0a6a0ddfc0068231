/**
 * The XSD's element order for each NIST type Canvass writes or reads (a derived type's elements
 * follow its base type's), and which elements repeat, are numbers, booleans or id lists. Shared
 * by the XML writer and reader so both follow the schema the same way.
 */

const CONTEST = [
  'Abbreviation',
  'BallotSubTitle',
  'BallotTitle',
  'ContestSelection',
  'CountStatus',
  'ElectionDistrictId',
  'ExternalIdentifier',
  'HasRotation',
  'Name',
  'OtherCounts',
  'SequenceOrder',
  'SubUnitsReported',
  'TotalSubUnits',
  'VoteVariation',
  'OtherVoteVariation',
];
const BALLOT_MEASURE_CONTEST = [
  ...CONTEST,
  'ConStatement',
  'EffectOfAbstain',
  'FullText',
  'InfoUri',
  'PassageThreshold',
  'ProStatement',
  'SummaryText',
  'Type',
  'OtherType',
];
const SELECTION = ['SequenceOrder', 'VoteCounts'];
const COUNTS = ['DeviceClass', 'GpUnitId', 'IsSuppressedForPrivacy', 'Round', 'Type', 'OtherType'];

/** Element order per type name (without the `ElectionResults.` prefix). */
export const XML_ORDER: Readonly<Record<string, readonly string[]>> = {
  ElectionReport: [
    'Election',
    'ExternalIdentifier',
    'Format',
    'GeneratedDate',
    'GpUnit',
    'Header',
    'Issuer',
    'IssuerAbbreviation',
    'IsTest',
    'Notes',
    'Office',
    'OfficeGroup',
    'Party',
    'Person',
    'SequenceStart',
    'SequenceEnd',
    'Status',
    'TestType',
    'VendorApplicationId',
  ],
  Election: [
    'BallotCounts',
    'BallotStyle',
    'Candidate',
    'ContactInformation',
    'Contest',
    'CountStatus',
    'ElectionScopeId',
    'ExternalIdentifier',
    'Name',
    'StartDate',
    'EndDate',
    'Type',
    'OtherType',
  ],
  ReportingUnit: [
    'ComposingGpUnitIds',
    'ExternalIdentifier',
    'Name',
    'AuthorityIds',
    'ContactInformation',
    'CountStatus',
    'ElectionAdministration',
    'IsDistricted',
    'IsMailOnly',
    'Number',
    'PartyRegistration',
    'SpatialDimension',
    'SubUnitsReported',
    'TotalSubUnits',
    'Type',
    'OtherType',
    'VotersParticipated',
    'VotersRegistered',
  ],
  Party: [
    'Abbreviation',
    'Color',
    'ContactInformation',
    'ExternalIdentifier',
    'IsRecognizedParty',
    'LeaderPersonIds',
    'LogoUri',
    'Name',
    'PartyScopeGpUnitIds',
    'Slogan',
  ],
  Candidate: [
    'BallotName',
    'CampaignSlogan',
    'ContactInformation',
    'ExternalIdentifier',
    'FileDate',
    'IsIncumbent',
    'IsTopTicket',
    'PartyId',
    'PersonId',
    'PostElectionStatus',
    'PreElectionStatus',
  ],
  Office: [
    'ContactInformation',
    'Description',
    'ElectionDistrictId',
    'ExternalIdentifier',
    'FilingDeadline',
    'IsPartisan',
    'Name',
    'OfficeHolderPersonIds',
    'Term',
  ],
  CandidateContest: [
    ...CONTEST,
    'NumberElected',
    'NumberRunoff',
    'OfficeIds',
    'PrimaryPartyIds',
    'VotesAllowed',
  ],
  BallotMeasureContest: BALLOT_MEASURE_CONTEST,
  PartyContest: CONTEST,
  RetentionContest: [...BALLOT_MEASURE_CONTEST, 'CandidateId', 'OfficeId'],
  CandidateSelection: [...SELECTION, 'CandidateIds', 'EndorsementPartyIds', 'IsWriteIn'],
  BallotMeasureSelection: [...SELECTION, 'ExternalIdentifier', 'Selection'],
  PartySelection: [...SELECTION, 'PartyIds'],
  VoteCounts: [...COUNTS, 'Count'],
  BallotCounts: [...COUNTS, 'BallotsCast', 'BallotsOutstanding', 'BallotsRejected'],
  OtherCounts: ['DeviceClass', 'GpUnitId', 'Overvotes', 'Undervotes', 'WriteIns'],
  ExternalIdentifier: ['Type', 'OtherType', 'Value'],
};

/** The type an element of each name has when it carries no `xsi:type`. */
export const ELEMENT_TYPE: Readonly<Record<string, string>> = {
  Election: 'Election',
  GpUnit: 'ReportingUnit',
  Party: 'Party',
  Office: 'Office',
  Candidate: 'Candidate',
  VoteCounts: 'VoteCounts',
  OtherCounts: 'OtherCounts',
  BallotCounts: 'BallotCounts',
  ExternalIdentifier: 'ExternalIdentifier',
};

/** Elements whose type is abstract in the XSD: written with `xsi:type`. */
export const POLYMORPHIC = new Set(['GpUnit', 'Contest', 'ContestSelection']);

/** Elements that may repeat (read as arrays). */
export const REPEATED = new Set([
  'Election',
  'ExternalIdentifier',
  'GpUnit',
  'Header',
  'Office',
  'OfficeGroup',
  'Party',
  'Person',
  'BallotCounts',
  'BallotStyle',
  'Candidate',
  'Contest',
  'CountStatus',
  'PartyRegistration',
  'ContestSelection',
  'OtherCounts',
  'VoteCounts',
  'InfoUri',
  'LogoUri',
  'Text',
]);

/** Elements holding numbers. */
export const NUMERIC = new Set([
  'Count',
  'Overvotes',
  'Undervotes',
  'WriteIns',
  'BallotsCast',
  'BallotsOutstanding',
  'BallotsRejected',
  'VotersRegistered',
  'VotersParticipated',
  'SubUnitsReported',
  'TotalSubUnits',
  'SequenceStart',
  'SequenceEnd',
  'SequenceOrder',
  'VotesAllowed',
  'NumberElected',
  'NumberRunoff',
  'Round',
]);

/** Elements holding booleans. */
export const BOOLEAN = new Set([
  'IsWriteIn',
  'IsMailOnly',
  'IsTest',
  'IsDistricted',
  'IsSuppressedForPrivacy',
  'IsIncumbent',
  'IsTopTicket',
  'IsPartisan',
  'IsRecognizedParty',
  'HasRotation',
]);

/** Elements holding internationalized text. */
export const TEXT = new Set([
  'Name',
  'BallotName',
  'Selection',
  'Abbreviation',
  'BallotTitle',
  'BallotSubTitle',
  'Description',
  'FullText',
  'SummaryText',
  'ProStatement',
  'ConStatement',
  'EffectOfAbstain',
  'PassageThreshold',
  'CampaignSlogan',
  'Slogan',
]);

/** The XML namespace of NIST SP 1500-100 v2. */
export const NIST_NAMESPACE = 'http://itl.nist.gov/ns/voting/1500-100/v2';

/** Whether an element holds a space-separated id list (xsd:IDREFS). */
export function isIdList(name: string): boolean {
  return name.endsWith('Ids');
}
