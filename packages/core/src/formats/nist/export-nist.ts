import type { Contest } from '../../model/contest.ts';
import type { ReportingUnit } from '../../model/reporting-unit.ts';
import { VOTE_TYPE_CODES } from '../../model/submission.ts';
import type { ContestCells, ElectionTally } from '../../tally/election-tally.ts';
import { NIST_ELECTION_TYPE } from './nist-election-types.ts';
import { nistId } from './nist-ids.ts';
import {
  canvassDetail,
  nistText,
  type NistBallotCounts,
  type NistCandidate,
  type NistContest,
  type NistElectionReport,
  type NistExternalIdentifier,
  type NistOffice,
  type NistOtherCounts,
  type NistParty,
  type NistReportingUnit,
  type NistResultsStatus,
  type NistSelection,
  type NistVoteCounts,
} from './nist-report.ts';
import { NIST_COUNT_TYPE } from './nist-vote-types.ts';
import { unitTree, type UnitTree } from './unit-tree.ts';

/** Options of {@link exportNist}. */
export interface NistExportOptions {
  /** When the report is generated (written in UTC, whole seconds, as the schema requires). */
  readonly generatedAt: Date;
  /** The report status; by default unofficial, complete when every contest unit has reported. */
  readonly status?: NistResultsStatus;
  readonly vendorApplicationId?: string;
}

/** A NIST report and what Canvass holds that the format cannot carry. */
export interface NistExport {
  readonly report: NistElectionReport;
  /** Known counts left out: blank votes, and over/undervotes by vote type (NIST keeps only totals). */
  readonly omittedCounts: number;
}

/**
 * Writes an election's current results as a NIST SP 1500-100 v2 report at precinct level: every
 * reporting unit, contest and choice, the counts of every unit by vote type, over/undervotes,
 * registered voters and ballots cast. Ids are Canvass ids made NCName-safe (see nist-ids.ts), so
 * importing the report gives back the same definition. Unknown counts are left out, never zero.
 * @example const { report } = exportNist(tally, { generatedAt: new Date() });
 */
export function exportNist(tally: ElectionTally, options: NistExportOptions): NistExport {
  const definition = tally.definition;
  const tree = unitTree(definition.units);
  const parties = new PartyTable();
  const candidates: NistCandidate[] = [];
  const offices: NistOffice[] = [];
  const omitted = { counts: 0 };
  const reportedUnits = new Set<number>();
  for (const cells of tally.contests)
    cells.unitOfSlot.forEach((unit, slot) => {
      if (cells.reported[slot] === 1) reportedUnits.add(unit);
    });

  const contests = definition.contests.map((contest, index) => {
    const cells = tally.contests[index];
    if (cells === undefined) throw new Error(`no cells for contest ${contest.id}`);
    return exportContest({
      contest,
      index,
      cells,
      tally,
      tree,
      parties,
      candidates,
      offices,
      omitted,
    });
  });
  const complete = tally.contests.every((cells) => cells.reported.every((flag) => flag === 1));
  const root = definition.units[tree.root];
  if (root === undefined) throw new Error('the definition has no root unit');

  const report: NistElectionReport = {
    '@type': 'ElectionResults.ElectionReport',
    Election: [
      {
        '@type': 'ElectionResults.Election',
        BallotCounts: ballotCounts(tally),
        Candidate: candidates,
        Contest: contests,
        ElectionScopeId: nistId('ru', root.id),
        EndDate: definition.date,
        ExternalIdentifier: [
          canvassDetail('canvass-election-id', definition.id),
          canvassDetail('canvass-election-type', definition.type),
        ],
        Name: nistText(definition.name),
        StartDate: definition.date,
        Type: NIST_ELECTION_TYPE[definition.type],
      },
    ],
    Format: 'precinct-level',
    GeneratedDate: `${options.generatedAt.toISOString().slice(0, 19)}Z`,
    GpUnit: definition.units.map((unit, index) =>
      exportUnit(unit, index, tree, tally, reportedUnits),
    ),
    Issuer: root.name === '' ? definition.name : root.name,
    IssuerAbbreviation: definition.state ?? root.id.slice(0, 32),
    Office: offices,
    Party: parties.list(),
    SequenceEnd: 1,
    SequenceStart: 1,
    Status: options.status ?? (complete ? 'unofficial-complete' : 'unofficial-partial'),
    VendorApplicationId: options.vendorApplicationId ?? 'Canvass',
  };
  return { report, omittedCounts: omitted.counts };
}

/** Parties by abbreviation, each written once. */
class PartyTable {
  readonly #parties = new Map<string, NistParty>();

  /** The id of a party (by its abbreviation), adding it on first use. */
  id(party: string): string {
    const id = nistId('party', party);
    if (!this.#parties.has(party))
      this.#parties.set(party, {
        '@type': 'ElectionResults.Party',
        '@id': id,
        Abbreviation: nistText(party),
        Name: nistText(party),
      });
    return id;
  }

  /** A party standing for one choice of a straight-party contest (named as on the ballot). */
  choice(contest: Contest, choiceIndex: number): string {
    const choice = contest.choices[choiceIndex];
    if (choice === undefined) throw new Error(`no choice ${choiceIndex} in ${contest.id}`);
    const id = nistId('party', contest.id, choice.id);
    this.#parties.set(`\u0000${id}`, {
      '@type': 'ElectionResults.Party',
      '@id': id,
      ...(choice.party === null ? {} : { Abbreviation: nistText(choice.party) }),
      Name: nistText(choice.name),
    });
    return id;
  }

  list(): NistParty[] {
    return [...this.#parties.values()];
  }
}

interface ContestExport {
  readonly contest: Contest;
  readonly index: number;
  readonly cells: ContestCells;
  readonly tally: ElectionTally;
  readonly tree: UnitTree;
  readonly parties: PartyTable;
  readonly candidates: NistCandidate[];
  readonly offices: NistOffice[];
  readonly omitted: { counts: number };
}

function exportContest(input: ContestExport): NistContest {
  const { contest, cells, tally, tree, parties, candidates, offices, omitted } = input;
  const units = tally.definition.units;
  // Slots in definition order, so a report read back and written again is the same report.
  const slots = [...cells.unitOfSlot.keys()].sort(
    (a, b) => (cells.unitOfSlot[a] ?? 0) - (cells.unitOfSlot[b] ?? 0),
  );
  const slotIds = Array.from(cells.unitOfSlot, (unit) => nistId('ru', units[unit]?.id ?? ''));
  const unitNistId = (slot: number): string => slotIds[slot] ?? '';
  const choices = contest.choices.length;
  const byType = [...cells.byType.entries()].sort(([a], [b]) => a - b);
  const voteCounts = (target: number): NistVoteCounts[] => {
    const out: NistVoteCounts[] = [];
    for (const slot of slots)
      for (const [code, values] of byType) {
        const value = values[slot * cells.targetCount + target] ?? Number.NaN;
        if (Number.isNaN(value)) continue;
        const voteType = VOTE_TYPE_CODES[code] ?? 'other';
        out.push({
          '@type': 'ElectionResults.VoteCounts',
          GpUnitId: unitNistId(slot),
          Type: NIST_COUNT_TYPE[voteType],
          Count: value,
        });
      }
    return out;
  };

  const selections = contest.choices.map((choice, choiceIndex): NistSelection => {
    const base = {
      '@id': nistId('sel', contest.id, choice.id),
      SequenceOrder: choiceIndex + 1,
      VoteCounts: voteCounts(choiceIndex),
    };
    if (contest.kind === 'straight-party')
      return {
        '@type': 'ElectionResults.PartySelection',
        ...base,
        PartyIds: [parties.choice(contest, choiceIndex)],
      };
    const plainLines = choice.party === null ? [] : [choice.party];
    const sameLines =
      choice.lines.length === plainLines.length &&
      choice.lines.every((line, i) => line === plainLines[i]);
    if (contest.kind === 'measure' || contest.kind === 'retention') {
      // A measure's choices have no party in NIST; some files give one, so keep it as a detail.
      const details = [
        ...(choice.party === null ? [] : [canvassDetail('canvass-party', choice.party)]),
        ...(sameLines ? [] : choice.lines.map((line) => canvassDetail('canvass-line', line))),
      ];
      return {
        '@type': 'ElectionResults.BallotMeasureSelection',
        '@id': base['@id'],
        ...(details.length === 0 ? {} : { ExternalIdentifier: details }),
        Selection: nistText(choice.name),
        SequenceOrder: base.SequenceOrder,
        VoteCounts: base.VoteCounts,
      };
    }
    const candidateId = nistId('cand', contest.id, choice.id);
    candidates.push({
      '@type': 'ElectionResults.Candidate',
      '@id': candidateId,
      BallotName: nistText(choice.name),
      ...(choice.party === null ? {} : { PartyId: parties.id(choice.party) }),
    });
    return {
      '@type': 'ElectionResults.CandidateSelection',
      ...base,
      CandidateIds: [candidateId],
      ...(sameLines ? {} : { EndorsementPartyIds: choice.lines.map((line) => parties.id(line)) }),
      ...(choice.isWriteIn ? { IsWriteIn: true } : {}),
    };
  });

  const otherCounts: NistOtherCounts[] = [];
  const total = cells.values(0);
  for (const slot of slots) {
    const over = total[slot * cells.targetCount + choices] ?? Number.NaN;
    const under = total[slot * cells.targetCount + choices + 1] ?? Number.NaN;
    if (Number.isNaN(over) && Number.isNaN(under)) continue;
    otherCounts.push({
      '@type': 'ElectionResults.OtherCounts',
      GpUnitId: unitNistId(slot),
      ...(Number.isNaN(over) ? {} : { Overvotes: over }),
      ...(Number.isNaN(under) ? {} : { Undervotes: under }),
    });
  }
  for (const [code, values] of cells.byType)
    for (const slot of slots)
      for (let target = choices; target < cells.targetCount; target++) {
        const isTotalOverUnder = code === 0 && target < choices + 2;
        if (!isTotalOverUnder && !Number.isNaN(values[slot * cells.targetCount + target] ?? NaN))
          omitted.counts++;
      }

  const unitIndices = slots.map((slot) => cells.unitOfSlot[slot] ?? -1);
  const details: NistExternalIdentifier[] = [];
  if (contest.kind !== 'candidate' && contest.office !== contest.name)
    details.push(canvassDetail('canvass-office', contest.office));
  if (contest.district !== null) details.push(canvassDetail('canvass-district', contest.district));
  if (contest.kind !== 'candidate' && contest.primaryParty !== null)
    details.push(canvassDetail('canvass-primary-party', contest.primaryParty));
  if (contest.kind !== 'candidate' && (contest.votesAllowed !== 1 || contest.seats !== 1)) {
    details.push(canvassDetail('canvass-votes-allowed', String(contest.votesAllowed)));
    details.push(canvassDetail('canvass-seats', String(contest.seats)));
  }
  // Units where the contest is on the ballot but nothing is known yet cannot be seen from the
  // counts; list the units then, so the contest's extent survives a round trip.
  const withCounts = new Set<string>();
  for (const selection of selections)
    for (const count of selection.VoteCounts) withCounts.add(count.GpUnitId);
  for (const count of otherCounts) withCounts.add(count.GpUnitId);
  if (withCounts.size !== unitIndices.length)
    details.push(
      canvassDetail(
        'canvass-units',
        unitIndices.map((unit) => nistId('ru', units[unit]?.id ?? '')).join(' '),
      ),
    );

  const reported = slots.filter((slot) => cells.reported[slot] === 1).length;
  const district = units[tree.commonAncestor(unitIndices)] ?? units[tree.root];
  const base = {
    '@id': nistId('contest', contest.id),
    ContestSelection: selections,
    ElectionDistrictId: nistId('ru', district?.id ?? ''),
    ...(details.length === 0 ? {} : { ExternalIdentifier: details }),
    Name: contest.name,
    ...(otherCounts.length === 0 ? {} : { OtherCounts: otherCounts }),
    SequenceOrder: input.index + 1,
    SubUnitsReported: reported,
    TotalSubUnits: slots.length,
  };
  switch (contest.kind) {
    case 'candidate': {
      const officeId = nistId('office', contest.id);
      offices.push({
        '@type': 'ElectionResults.Office',
        '@id': officeId,
        Name: nistText(contest.office),
      });
      return {
        '@type': 'ElectionResults.CandidateContest',
        ...base,
        NumberElected: contest.seats,
        OfficeIds: [officeId],
        ...(contest.primaryParty === null
          ? {}
          : { PrimaryPartyIds: [parties.id(contest.primaryParty)] }),
        VotesAllowed: contest.votesAllowed,
      };
    }
    case 'measure':
      return { '@type': 'ElectionResults.BallotMeasureContest', ...base };
    case 'straight-party':
      return { '@type': 'ElectionResults.PartyContest', ...base };
    case 'retention': {
      const candidateId = nistId('cand', contest.id);
      candidates.push({
        '@type': 'ElectionResults.Candidate',
        '@id': candidateId,
        BallotName: nistText(contest.office),
      });
      return { '@type': 'ElectionResults.RetentionContest', ...base, CandidateId: candidateId };
    }
  }
}

const PSEUDO_MAIL = new Set(['absentee', 'mail']);

function exportUnit(
  unit: ReportingUnit,
  index: number,
  tree: UnitTree,
  tally: ElectionTally,
  reportedUnits: ReadonlySet<number>,
): NistReportingUnit {
  const children = tree.children(index);
  const leaves = tree.leaves(index);
  const attributes = Object.entries(unit.attributes).map(([key, value]) =>
    canvassDetail(`canvass-attribute:${key}`, value),
  );
  const registered = tally.facts.get('registered-voters', index);
  return {
    '@type': 'ElectionResults.ReportingUnit',
    '@id': nistId('ru', unit.id),
    ...(children.length === 0
      ? {}
      : {
          ComposingGpUnitIds: children.map((child) =>
            nistId('ru', tally.definition.units[child]?.id ?? ''),
          ),
        }),
    ...(attributes.length === 0 ? {} : { ExternalIdentifier: attributes }),
    ...(unit.kind === 'pseudo' && PSEUDO_MAIL.has(unit.pseudoKind ?? '')
      ? { IsMailOnly: true }
      : {}),
    Name: nistText(unit.name),
    ...(unit.kind === 'pseudo' ? { OtherType: unit.pseudoKind ?? 'other' } : {}),
    ...(children.length === 0
      ? {}
      : {
          SubUnitsReported: leaves.filter((leaf) => reportedUnits.has(leaf)).length,
          TotalSubUnits: leaves.length,
        }),
    Type: unit.kind === 'pseudo' ? 'other' : unit.kind,
    ...(registered === null ? {} : { VotersRegistered: registered }),
  };
}

const BALLOT_FACTS = [
  ['ballots-cast', null],
  ['ballots-blank', 'ballots-blank'],
  ['times-counted', 'times-counted'],
] as const;

function ballotCounts(tally: ElectionTally): NistBallotCounts[] {
  const out: NistBallotCounts[] = [];
  tally.definition.units.forEach((unit, index) => {
    for (const [fact, otherType] of BALLOT_FACTS) {
      const value = tally.facts.get(fact, index);
      if (value === null) continue;
      out.push({
        '@type': 'ElectionResults.BallotCounts',
        GpUnitId: nistId('ru', unit.id),
        Type: otherType === null ? 'total' : 'other',
        ...(otherType === null ? {} : { OtherType: otherType }),
        BallotsCast: value,
      });
    }
  });
  return out;
}
