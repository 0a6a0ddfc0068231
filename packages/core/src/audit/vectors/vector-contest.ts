import type { AuditContest } from '../contest.ts';
import { bool, num, obj, pairs, str } from './json.ts';

/** Reads a vector's contest (`choices` as ordered `[name, votes]` lists). */
export function readContest(value: unknown): AuditContest {
  const c = obj(value, 'contest');
  return {
    name: str(c['name'], 'contest.name'),
    choices: pairs(c['choices'], 'contest.choices'),
    ballots: num(c['ballots'], 'contest.ballots'),
    numWinners: num(c['numWinners'], 'contest.numWinners'),
    votesAllowed: num(c['votesAllowed'], 'contest.votesAllowed'),
    ...(c['pendingBallots'] === undefined || c['pendingBallots'] === null
      ? {}
      : { pendingBallots: num(c['pendingBallots']) }),
    ...(c['isSubjectToRunoff'] === undefined || c['isSubjectToRunoff'] === null
      ? {}
      : { isSubjectToRunoff: bool(c['isSubjectToRunoff']) }),
  };
}
