import { detail, type NistReportIn } from './nist-schema.ts';

/** A problem the NIST schema does not catch, with the JSON path of the field. */
export interface NistProblem {
  readonly path: string;
  readonly code:
    | 'duplicate-id'
    | 'unresolved-reference'
    | 'root-unit'
    | 'unit-tree'
    | 'fractional-count'
    | 'negative-count'
    | 'timestamp-zone'
    | 'date-format';
  readonly reason: string;
}

type Kind = 'GpUnit' | 'Party' | 'Office' | 'Candidate' | 'Contest' | 'ContestSelection';

// The schema's own pattern for DateTimeWithZone, anchored: a zone is required, milliseconds are not allowed.
const DATE_TIME_WITH_ZONE =
  /^[0-9]{4}-(0?[1-9]|1[012])-(0?[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]|(24:00:00))(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks what the NIST JSON schema leaves unchecked: every `@id` is unique and every id
 * reference names an object of the right kind; the reporting units form one tree with a single
 * root; counts are non-negative integers; timestamps carry a time zone and dates are dates.
 * @example checkNistReport(report) // [] for a sound report
 */
export function checkNistReport(report: NistReportIn): NistProblem[] {
  const problems: NistProblem[] = [];
  const kinds = new Map<string, Kind>();
  const declare = (id: string, kind: Kind, path: string): void => {
    const earlier = kinds.get(id);
    if (earlier !== undefined)
      problems.push({
        path,
        code: 'duplicate-id',
        reason: `@id ${id} is used twice (also by a ${earlier})`,
      });
    else kinds.set(id, kind);
  };
  const refer = (id: string, kind: Kind, path: string): void => {
    const found = kinds.get(id);
    if (found === kind) return;
    problems.push({
      path,
      code: 'unresolved-reference',
      reason:
        found === undefined
          ? `${id} names no ${kind} in the report`
          : `${id} names a ${found}, not a ${kind}`,
    });
  };
  const count = (value: number | undefined, path: string): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value))
      problems.push({ path, code: 'fractional-count', reason: `${value} is not a whole number` });
    else if (value < 0)
      problems.push({ path, code: 'negative-count', reason: `${value} is negative` });
  };

  report.GpUnit.forEach((unit, i) => {
    declare(unit['@id'], 'GpUnit', `GpUnit[${i}].@id`);
  });
  report.Party?.forEach((party, i) => {
    declare(party['@id'], 'Party', `Party[${i}].@id`);
  });
  report.Office?.forEach((office, i) => {
    declare(office['@id'], 'Office', `Office[${i}].@id`);
  });
  report.Election.forEach((election, e) => {
    election.Candidate?.forEach((candidate, i) => {
      declare(candidate['@id'], 'Candidate', `Election[${e}].Candidate[${i}].@id`);
    });
    election.Contest?.forEach((contest, c) => {
      declare(contest['@id'], 'Contest', `Election[${e}].Contest[${c}].@id`);
      contest.ContestSelection?.forEach((selection, s) => {
        declare(
          selection['@id'],
          'ContestSelection',
          `Election[${e}].Contest[${c}].ContestSelection[${s}].@id`,
        );
      });
    });
  });

  if (!DATE_TIME_WITH_ZONE.test(report.GeneratedDate))
    problems.push({
      path: 'GeneratedDate',
      code: 'timestamp-zone',
      reason: `${JSON.stringify(report.GeneratedDate)} is not a date and time with a time zone (e.g. 2026-11-03T21:45:00-05:00)`,
    });

  report.GpUnit.forEach((unit, i) => {
    unit.ComposingGpUnitIds?.forEach((id, k) => {
      refer(id, 'GpUnit', `GpUnit[${i}].ComposingGpUnitIds[${k}]`);
    });
    count(unit.VotersRegistered, `GpUnit[${i}].VotersRegistered`);
  });
  checkTree(report, kinds, problems);

  report.Election.forEach((election, e) => {
    const at = `Election[${e}]`;
    refer(election.ElectionScopeId, 'GpUnit', `${at}.ElectionScopeId`);
    for (const field of ['StartDate', 'EndDate'] as const)
      if (!DATE.test(election[field]))
        problems.push({
          path: `${at}.${field}`,
          code: 'date-format',
          reason: `${JSON.stringify(election[field])} is not a YYYY-MM-DD date`,
        });
    election.Candidate?.forEach((candidate, i) => {
      if (candidate.PartyId !== undefined)
        refer(candidate.PartyId, 'Party', `${at}.Candidate[${i}].PartyId`);
    });
    election.BallotCounts?.forEach((ballots, i) => {
      refer(ballots.GpUnitId, 'GpUnit', `${at}.BallotCounts[${i}].GpUnitId`);
      count(ballots.BallotsCast, `${at}.BallotCounts[${i}].BallotsCast`);
    });
    election.Contest?.forEach((contest, c) => {
      const cat = `${at}.Contest[${c}]`;
      refer(contest.ElectionDistrictId, 'GpUnit', `${cat}.ElectionDistrictId`);
      contest.OfficeIds?.forEach((id, k) => {
        refer(id, 'Office', `${cat}.OfficeIds[${k}]`);
      });
      contest.PrimaryPartyIds?.forEach((id, k) => {
        refer(id, 'Party', `${cat}.PrimaryPartyIds[${k}]`);
      });
      if (contest.CandidateId !== undefined)
        refer(contest.CandidateId, 'Candidate', `${cat}.CandidateId`);
      const units = detail(contest.ExternalIdentifier, 'canvass-units');
      if (units !== null)
        for (const id of units.split(' ').filter((part) => part !== ''))
          refer(id, 'GpUnit', `${cat}.ExternalIdentifier(canvass-units)`);
      contest.OtherCounts?.forEach((other, k) => {
        refer(other.GpUnitId, 'GpUnit', `${cat}.OtherCounts[${k}].GpUnitId`);
        count(other.Overvotes, `${cat}.OtherCounts[${k}].Overvotes`);
        count(other.Undervotes, `${cat}.OtherCounts[${k}].Undervotes`);
      });
      contest.ContestSelection?.forEach((selection, s) => {
        const sat = `${cat}.ContestSelection[${s}]`;
        selection.CandidateIds?.forEach((id, k) => {
          refer(id, 'Candidate', `${sat}.CandidateIds[${k}]`);
        });
        selection.EndorsementPartyIds?.forEach((id, k) => {
          refer(id, 'Party', `${sat}.EndorsementPartyIds[${k}]`);
        });
        selection.PartyIds?.forEach((id, k) => {
          refer(id, 'Party', `${sat}.PartyIds[${k}]`);
        });
        selection.VoteCounts?.forEach((votes, k) => {
          refer(votes.GpUnitId, 'GpUnit', `${sat}.VoteCounts[${k}].GpUnitId`);
          count(votes.Count, `${sat}.VoteCounts[${k}].Count`);
        });
      });
    });
  });
  return problems;
}

/** One root, each unit inside at most one other, every unit reachable from the root. */
function checkTree(
  report: NistReportIn,
  kinds: ReadonlyMap<string, Kind>,
  problems: NistProblem[],
): void {
  const parentOf = new Map<string, string>();
  report.GpUnit.forEach((unit, i) => {
    unit.ComposingGpUnitIds?.forEach((child, k) => {
      if (kinds.get(child) !== 'GpUnit') return;
      const earlier = parentOf.get(child);
      if (earlier !== undefined && earlier !== unit['@id'])
        problems.push({
          path: `GpUnit[${i}].ComposingGpUnitIds[${k}]`,
          code: 'unit-tree',
          reason: `${child} is part of both ${earlier} and ${unit['@id']}; reporting units must form a tree`,
        });
      else parentOf.set(child, unit['@id']);
    });
  });
  const roots = report.GpUnit.filter((unit) => !parentOf.has(unit['@id'])).map(
    (unit) => unit['@id'],
  );
  if (roots.length !== 1) {
    problems.push({
      path: 'GpUnit',
      code: 'root-unit',
      reason:
        roots.length === 0
          ? 'every reporting unit is part of another: there is no root unit'
          : `there must be one root reporting unit, but ${roots.length} are part of no other (${roots.slice(0, 5).join(', ')}${roots.length > 5 ? ', ...' : ''})`,
    });
    return;
  }
  // With one root and one parent each, a unit that cannot reach the root sits on a cycle.
  report.GpUnit.forEach((unit, i) => {
    let at: string | undefined = unit['@id'];
    for (let steps = 0; at !== undefined && at !== roots[0]; steps++) {
      if (steps > report.GpUnit.length) {
        problems.push({
          path: `GpUnit[${i}]`,
          code: 'unit-tree',
          reason: `${unit['@id']} is inside itself (a cycle of ComposingGpUnitIds)`,
        });
        return;
      }
      at = parentOf.get(at);
    }
  });
}
