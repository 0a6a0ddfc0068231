import type { Choice, Contest } from '../model/contest.ts';
import type { ElectionDefinition } from '../model/election.ts';
import type { ReportingUnit } from '../model/reporting-unit.ts';
import { createCountBatch, VOTE_TYPE_CODES, type CountBatch } from '../model/submission.ts';
import type { VoteType } from '../model/vote-type.ts';

/** A contest for {@link buildDefinition}: choice names (a `*` suffix marks a write-in). */
export interface ContestSpec {
  readonly name: string;
  readonly choices: readonly string[];
  readonly seats?: number;
  readonly votesAllowed?: number;
  /** Choices on several party lines: choice name -> lines. */
  readonly lines?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Builds a small, valid election definition for tests: counties of precincts (a name starting
 * with ABSENTEE or PROVISIONAL becomes a pseudo-precinct), every contest on every unit.
 * @example buildDefinition({ counties: { Adams: ['P1', 'ABSENTEE'] }, contests: [{ name: 'Mayor', choices: ['A', 'B'] }] })
 */
export function buildDefinition(spec: {
  readonly counties: Readonly<Record<string, readonly string[]>>;
  readonly contests: readonly ContestSpec[];
}): ElectionDefinition {
  const units: ReportingUnit[] = [
    {
      id: 'xx',
      name: 'Example State',
      kind: 'state',
      parentId: null,
      pseudoKind: null,
      attributes: {},
    },
  ];
  for (const [county, precincts] of Object.entries(spec.counties)) {
    const countyId = slug(county);
    units.push({
      id: countyId,
      name: county,
      kind: 'county',
      parentId: 'xx',
      pseudoKind: null,
      attributes: {},
    });
    for (const precinct of precincts) {
      const pseudo = /^ABSENTEE/i.test(precinct)
        ? 'absentee'
        : /^PROVISIONAL/i.test(precinct)
          ? 'provisional'
          : null;
      units.push({
        id: `${countyId}/${slug(precinct)}`,
        name: precinct,
        kind: pseudo === null ? 'precinct' : 'pseudo',
        parentId: countyId,
        pseudoKind: pseudo,
        attributes: {},
      });
    }
  }
  const leafIds = units
    .filter((unit) => unit.kind === 'precinct' || unit.kind === 'pseudo')
    .map((unit) => unit.id);
  const contests: Contest[] = spec.contests.map((contest) => ({
    id: slug(contest.name),
    name: contest.name,
    office: contest.name,
    district: null,
    primaryParty: null,
    kind: 'candidate',
    votesAllowed: contest.votesAllowed ?? contest.seats ?? 1,
    seats: contest.seats ?? 1,
    unitIds: leafIds,
    choices: contest.choices.map((raw): Choice => {
      const isWriteIn = raw.endsWith('*');
      const name = isWriteIn ? raw.slice(0, -1) : raw;
      return {
        id: slug(name),
        name,
        party: contest.lines?.[name]?.[0] ?? null,
        lines: contest.lines?.[name] ?? [],
        isWriteIn,
      };
    }),
  }));
  return {
    id: 'test-election',
    name: 'Test Election',
    date: '2026-11-03',
    state: 'XX',
    type: 'general',
    units,
    contests,
  };
}

/** One count for {@link countBatch}, addressed by names. */
export interface CountSpec {
  readonly unit: string;
  readonly contest: string;
  /** A choice name, or 'overvotes' | 'undervotes' | 'blank'. */
  readonly target: string;
  readonly value: number;
  readonly voteType?: VoteType;
  readonly line?: string;
}

/**
 * Builds a CountBatch for a definition from readable specs (unit id, contest name, choice name).
 * @example countBatch(definition, [{ unit: 'adams/p1', contest: 'Mayor', target: 'A', value: 10 }])
 */
export function countBatch(
  definition: ElectionDefinition,
  specs: readonly CountSpec[],
): CountBatch {
  const batch = createCountBatch(Math.max(1, specs.length));
  for (const spec of specs) {
    const unit = definition.units.findIndex((candidate) => candidate.id === spec.unit);
    const contestIndex = definition.contests.findIndex(
      (candidate) => candidate.name === spec.contest,
    );
    const contest = definition.contests[contestIndex];
    if (unit < 0 || contest === undefined)
      throw new Error(`no unit ${spec.unit} or contest ${spec.contest}`);
    const special = { overvotes: -1, undervotes: -2, blank: -3 } as Record<string, number>;
    const target =
      special[spec.target] ?? contest.choices.findIndex((choice) => choice.name === spec.target);
    if (target === -1 && spec.target !== 'overvotes') throw new Error(`no choice ${spec.target}`);
    const choice = contest.choices[target];
    const i = batch.length++;
    batch.unit[i] = unit;
    batch.contest[i] = contestIndex;
    batch.target[i] = target;
    batch.line[i] =
      spec.line === undefined || choice === undefined ? -1 : choice.lines.indexOf(spec.line);
    batch.voteType[i] = VOTE_TYPE_CODES.indexOf(spec.voteType ?? 'total');
    batch.value[i] = spec.value;
    batch.sourceLine[i] = i + 2;
  }
  return batch;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
