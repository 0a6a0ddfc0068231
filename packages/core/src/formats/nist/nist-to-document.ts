import type { Choice, Contest, UnitFact } from '../../model/contest.ts';
import { ELECTION_TYPES, type ElectionType } from '../../model/election.ts';
import { PSEUDO_KINDS, type PseudoKind, type ReportingUnit } from '../../model/reporting-unit.ts';
import type { DocumentLog } from '../document/document-log.ts';
import type {
  DocumentCount,
  DocumentFact,
  DocumentSubmission,
} from '../document/document-submission.ts';
import { electionTypeFromNist } from './nist-election-types.ts';
import { canvassIdParts } from './nist-ids.ts';
import {
  detail,
  textContent,
  type NistContestIn,
  type NistGpUnitIn,
  type NistReportIn,
} from './nist-schema.ts';
import { voteTypeFromNist } from './nist-vote-types.ts';

/** Where each part of a report was read from: a line per JSON path (XML), or none (JSON). */
export type LineOf = (path: string) => number | null;

const PRECINCT_TYPES = new Set([
  'precinct',
  'split-precinct',
  'combined-precinct',
  'polling-place',
  'vote-center',
]);
const PSEUDO_TYPES: Readonly<Record<string, PseudoKind>> = {
  'drop-box': 'other',
  'ballot-batch': 'other',
};
const BALLOT_FACTS: Readonly<Record<string, UnitFact>> = {
  'ballots-blank': 'ballots-blank',
  'times-counted': 'times-counted',
};

/**
 * Reads a checked NIST report (see checkNistReport) into Canvass terms: its reporting units
 * become the unit tree, its contests and selections the contests and choices, and its vote
 * counts, over/undervotes, registered voters and ballots cast the counts and facts. Ids written
 * by Canvass are decoded back to Canvass ids; other systems' ids are used as they are.
 */
export function nistToDocument(
  report: NistReportIn,
  electionId: string | null,
  log: DocumentLog,
  lineOf: LineOf = () => null,
): DocumentSubmission {
  const election = report.Election[0];
  if (election === undefined) throw new Error('a checked report has an Election');
  if (report.Election.length > 1)
    log.warn(
      null,
      'Election',
      'extra-elections',
      `the report has ${report.Election.length} elections; only the first is read`,
    );

  const unitIdOf = new Map(
    report.GpUnit.map((unit) => [
      unit['@id'],
      canvassIdParts(unit['@id'], 'ru')?.[0] ?? unit['@id'],
    ]),
  );
  const unitId = (id: string): string => unitIdOf.get(id) ?? id;
  const parentOf = new Map<string, string>();
  for (const unit of report.GpUnit)
    for (const child of unit.ComposingGpUnitIds ?? []) parentOf.set(child, unit['@id']);
  const units = report.GpUnit.map((unit) => readUnit(unit, parentOf, unitId));

  const parties = new Map(
    (report.Party ?? []).map((party) => [
      party['@id'],
      {
        abbreviation:
          typeof party.Abbreviation === 'string'
            ? party.Abbreviation
            : textContent(party.Abbreviation),
        name: textContent(party.Name),
      },
    ]),
  );
  const partyCode = (id: string): string => {
    const party = parties.get(id);
    return party?.abbreviation ?? party?.name ?? id;
  };
  const offices = new Map(
    (report.Office ?? []).map((office) => [office['@id'], textContent(office.Name)]),
  );
  const candidates = new Map(
    (election.Candidate ?? []).map((candidate) => [
      candidate['@id'],
      {
        name: textContent(candidate.BallotName) ?? candidate['@id'],
        party: candidate.PartyId === undefined ? null : partyCode(candidate.PartyId),
      },
    ]),
  );

  const counts: DocumentCount[] = [];
  let rows = 0;
  const contests = (election.Contest ?? []).map((contest, c): Contest => {
    const at = `Election[0].Contest[${c}]`;
    const contestId = canvassIdParts(contest['@id'], 'contest')?.[0] ?? contest['@id'];
    const choices: Choice[] = [];
    const countedUnits = new Set<string>();
    (contest.ContestSelection ?? []).forEach((selection, s) => {
      const sat = `${at}.ContestSelection[${s}]`;
      const choiceId = canvassIdParts(selection['@id'], 'sel')?.[1] ?? selection['@id'];
      if (choices.some((choice) => choice.id === choiceId))
        log.error(
          lineOf(sat),
          `${sat}.@id`,
          'duplicate-id',
          `contest ${contestId} has two choices ${choiceId}`,
        );
      choices.push(readChoice(selection, choiceId, candidates, parties, partyCode));
      (selection.VoteCounts ?? []).forEach((votes, k) => {
        rows++;
        const path = `${sat}.VoteCounts[${k}]`;
        const voteType = voteTypeFromNist(votes.Type);
        if (voteType === null) {
          log.error(
            lineOf(path),
            `${path}.Type`,
            'unknown-vote-type',
            `vote count type ${JSON.stringify(votes.Type)} is not a way ballots are cast (Canvass reads total, election-day, early, absentee, absentee-mail, provisional, ...)`,
          );
          return;
        }
        countedUnits.add(votes.GpUnitId);
        counts.push({
          unitId: unitId(votes.GpUnitId),
          contestId,
          target: { choiceId },
          voteType,
          value: votes.Count,
          line: lineOf(path),
          field: path,
        });
      });
    });
    (contest.OtherCounts ?? []).forEach((other, k) => {
      rows++;
      const path = `${at}.OtherCounts[${k}]`;
      countedUnits.add(other.GpUnitId);
      for (const [field, target] of [
        ['Overvotes', 'overvotes'],
        ['Undervotes', 'undervotes'],
      ] as const) {
        const value = other[field];
        if (value !== undefined)
          counts.push({
            unitId: unitId(other.GpUnitId),
            contestId,
            target,
            voteType: 'total',
            value,
            line: lineOf(path),
            field: `${path}.${field}`,
          });
      }
    });
    const listed = detail(contest.ExternalIdentifier, 'canvass-units');
    const unitIds =
      listed !== null
        ? listed
            .split(' ')
            .filter((id) => id !== '')
            .map(unitId)
        : report.GpUnit.filter((unit) => countedUnits.has(unit['@id'])).map((unit) =>
            unitId(unit['@id']),
          );
    return readContest(contest, contestId, choices, unitIds, offices, partyCode);
  });

  const facts: DocumentFact[] = [];
  report.GpUnit.forEach((unit, i) => {
    if (unit.VotersRegistered === undefined) return;
    rows++;
    const path = `GpUnit[${i}].VotersRegistered`;
    facts.push({
      unitId: unitId(unit['@id']),
      fact: 'registered-voters',
      voteType: 'total',
      value: unit.VotersRegistered,
      line: lineOf(`GpUnit[${i}]`),
      field: path,
    });
  });
  (election.BallotCounts ?? []).forEach((ballots, i) => {
    const path = `Election[0].BallotCounts[${i}]`;
    if (ballots.BallotsCast === undefined) return;
    rows++;
    let fact: UnitFact = 'ballots-cast';
    let voteType = voteTypeFromNist(ballots.Type);
    if (
      ballots.Type === 'other' &&
      ballots.OtherType !== undefined &&
      ballots.OtherType in BALLOT_FACTS
    ) {
      fact = BALLOT_FACTS[ballots.OtherType] ?? fact;
      voteType = 'total';
    }
    if (voteType === null) {
      log.warn(
        lineOf(path),
        `${path}.Type`,
        'ignored-ballot-counts',
        `ballot counts of type ${ballots.Type} are not read`,
      );
      return;
    }
    facts.push({
      unitId: unitId(ballots.GpUnitId),
      fact,
      voteType,
      value: ballots.BallotsCast,
      line: lineOf(path),
      field: `${path}.BallotsCast`,
    });
  });

  const name = textContent(election.Name) ?? 'Election';
  const root = units.find((unit) => unit.parentId === null);
  const statedType = detail(election.ExternalIdentifier, 'canvass-election-type');
  const type: ElectionType =
    statedType !== null && (ELECTION_TYPES as readonly string[]).includes(statedType)
      ? (statedType as ElectionType)
      : electionTypeFromNist(election.Type);
  const id =
    electionId ??
    detail(election.ExternalIdentifier, 'canvass-election-id') ??
    slugId(`${election.StartDate}-${name}`);
  return {
    definition: {
      id,
      name,
      date: election.StartDate,
      state: root?.kind === 'state' && /^[a-z]{2}$/i.test(root.id) ? root.id.toUpperCase() : null,
      type,
      units,
      contests,
    },
    counts,
    facts,
    rows,
  };
}

function readUnit(
  unit: NistGpUnitIn,
  parentOf: ReadonlyMap<string, string>,
  unitId: (id: string) => string,
): ReportingUnit {
  const parent = parentOf.get(unit['@id']);
  const attributes: Record<string, string> = {};
  for (const item of unit.ExternalIdentifier ?? [])
    if (item.Type === 'other' && item.OtherType?.startsWith('canvass-attribute:') === true)
      attributes[item.OtherType.slice('canvass-attribute:'.length)] = item.Value;
  const type = unit.Type ?? 'other';
  const otherType = unit.OtherType ?? '';
  let kind: ReportingUnit['kind'];
  let pseudoKind: PseudoKind | null = null;
  if (unit['@type'] === 'ElectionResults.ReportingDevice') {
    kind = 'pseudo';
    pseudoKind = 'central';
  } else if (type === 'other' && (PSEUDO_KINDS as readonly string[]).includes(otherType)) {
    kind = 'pseudo';
    pseudoKind = otherType as PseudoKind;
  } else if (type in PSEUDO_TYPES) {
    kind = 'pseudo';
    pseudoKind = PSEUDO_TYPES[type] ?? 'other';
  } else if (type === 'state' || type === 'country') kind = 'state';
  else if (type === 'county') kind = 'county';
  else if (PRECINCT_TYPES.has(type)) kind = 'precinct';
  // Other kinds of place (city, ward, district) are placed by where they sit in the tree.
  else if (parent === undefined) kind = 'state';
  else kind = (unit.ComposingGpUnitIds?.length ?? 0) > 0 ? 'county' : 'precinct';
  return {
    id: unitId(unit['@id']),
    name: textContent(unit.Name) ?? unitId(unit['@id']),
    kind,
    parentId: parent === undefined ? null : unitId(parent),
    pseudoKind,
    attributes,
  };
}

type Selection = NonNullable<NistContestIn['ContestSelection']>[number];

function readChoice(
  selection: Selection,
  choiceId: string,
  candidates: ReadonlyMap<string, { name: string; party: string | null }>,
  parties: ReadonlyMap<string, { abbreviation: string | null; name: string | null }>,
  partyCode: (id: string) => string,
): Choice {
  const isWriteIn = selection.IsWriteIn ?? false;
  if (selection['@type'] === 'ElectionResults.PartySelection') {
    const partyId = selection.PartyIds?.[0];
    const party = partyId === undefined ? undefined : parties.get(partyId);
    return {
      id: choiceId,
      name: party?.name ?? party?.abbreviation ?? choiceId,
      party: party?.abbreviation ?? null,
      lines: party?.abbreviation == null ? [] : [party.abbreviation],
      isWriteIn,
    };
  }
  if (selection['@type'] === 'ElectionResults.BallotMeasureSelection') {
    const party = detail(selection.ExternalIdentifier, 'canvass-party');
    const listed = (selection.ExternalIdentifier ?? [])
      .filter((item) => item.Type === 'other' && item.OtherType === 'canvass-line')
      .map((item) => item.Value);
    return {
      id: choiceId,
      name: textContent(selection.Selection) ?? choiceId,
      party,
      lines: listed.length > 0 ? listed : party === null ? [] : [party],
      isWriteIn,
    };
  }
  const named = (selection.CandidateIds ?? [])
    .map((id) => candidates.get(id))
    .filter((found) => found !== undefined);
  const party = named[0]?.party ?? null;
  const lines = selection.EndorsementPartyIds?.map(partyCode) ?? (party === null ? [] : [party]);
  return {
    id: choiceId,
    name:
      named.length > 0
        ? named.map((candidate) => candidate.name).join(' / ')
        : isWriteIn
          ? 'Write-In'
          : choiceId,
    party: party ?? lines[0] ?? null,
    lines,
    isWriteIn,
  };
}

function readContest(
  contest: NistContestIn,
  contestId: string,
  choices: readonly Choice[],
  unitIds: readonly string[],
  offices: ReadonlyMap<string, string | null>,
  partyCode: (id: string) => string,
): Contest {
  const number = (name: string): number | null => {
    const value = detail(contest.ExternalIdentifier, name);
    return value === null || !/^[1-9]\d*$/.test(value) ? null : Number(value);
  };
  const kind: Contest['kind'] =
    contest['@type'] === 'ElectionResults.CandidateContest'
      ? 'candidate'
      : contest['@type'] === 'ElectionResults.PartyContest'
        ? 'straight-party'
        : contest['@type'] === 'ElectionResults.RetentionContest'
          ? 'retention'
          : 'measure';
  const officeId = contest.OfficeIds?.[0];
  const office =
    (officeId === undefined ? null : offices.get(officeId)) ??
    detail(contest.ExternalIdentifier, 'canvass-office') ??
    contest.Name;
  const primaryPartyId = contest.PrimaryPartyIds?.[0];
  const votesAllowed = contest.VotesAllowed ?? number('canvass-votes-allowed') ?? 1;
  return {
    id: contestId,
    name: contest.Name,
    office,
    district: detail(contest.ExternalIdentifier, 'canvass-district'),
    primaryParty:
      primaryPartyId === undefined
        ? detail(contest.ExternalIdentifier, 'canvass-primary-party')
        : partyCode(primaryPartyId),
    kind,
    votesAllowed,
    seats: contest.NumberElected ?? number('canvass-seats') ?? 1,
    choices,
    unitIds,
  };
}

/** An election id made from free text: lower case, digits and dashes. */
export function slugId(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'election' : slug;
}
