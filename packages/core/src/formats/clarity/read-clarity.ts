import type { SaxesTagNS } from 'saxes';
import type { VoteType } from '../../model/vote-type.ts';
import type { DocumentLog } from '../document/document-log.ts';
import { streamXml } from '../document/xml-stream.ts';
import { CLARITY_VOTE_TYPES, clarityVoteType } from './clarity-vote-types.ts';

/** A precinct or county named in a Clarity file, with its turnout figures. */
export interface ClarityUnit {
  readonly name: string;
  readonly line: number;
  readonly totalVoters: number | null;
  readonly ballotsCast: number | null;
}

/** A choice of a Clarity contest. */
export interface ClarityChoice {
  readonly key: string;
  readonly text: string;
  readonly party: string | null;
  readonly totalVotes: number | null;
  readonly line: number;
}

/** A contest of a Clarity file. */
export interface ClarityContest {
  readonly key: string;
  readonly text: string;
  readonly voteFor: number;
  readonly isQuestion: boolean;
  readonly line: number;
  readonly choices: ClarityChoice[];
}

/** One count of a Clarity file, by names and keys. */
export interface ClarityCount {
  readonly unit: string;
  readonly contest: ClarityContest;
  readonly target: ClarityChoice | 'overvotes' | 'undervotes';
  readonly voteType: VoteType;
  readonly value: number;
  readonly line: number;
}

/** A Clarity detail.xml as read. */
export interface ClarityFile {
  timestamp: { text: string; line: number } | null;
  electionName: string | null;
  electionDate: { text: string; line: number } | null;
  region: string | null;
  /** `Precinct` in a county's precinct file, `County` in a state's county file. */
  level: 'Precinct' | 'County' | null;
  readonly units: Map<string, ClarityUnit>;
  readonly contests: ClarityContest[];
  readonly counts: ClarityCount[];
}

const HEADER = new Set(['Timestamp', 'ElectionName', 'ElectionDate', 'Region']);

/**
 * Reads a Clarity (Scytl) ENR `detail.xml` through a streaming SAX parser: the header, the units
 * of the turnout section, and every contest's counts by unit and vote type (vote-type names go
 * through {@link CLARITY_VOTE_TYPES}). Problems are logged with their line and attribute.
 */
export async function readClarity(
  chunks: AsyncIterable<string>,
  log: DocumentLog,
): Promise<ClarityFile | null> {
  const file: ClarityFile = {
    timestamp: null,
    electionName: null,
    electionDate: null,
    region: null,
    level: null,
    units: new Map(),
    contests: [],
    counts: [],
  };
  const path: string[] = [];
  const state: {
    text: string;
    contest: ClarityContest | null;
    choice: ClarityChoice | null;
    voteType: VoteType | 'overvotes' | 'undervotes' | 'skip' | null;
    wrongRoot: boolean;
  } = { text: '', contest: null, choice: null, voteType: null, wrongRoot: false };

  const whole = (
    tag: SaxesTagNS,
    attribute: string,
    line: number,
    required: boolean,
  ): number | null => {
    const raw = tag.attributes[attribute]?.value;
    if (raw === undefined || raw.trim() === '') {
      if (required) log.error(line, attribute, 'schema', `${tag.local} has no ${attribute}`);
      return null;
    }
    const text = raw.trim();
    if (!/^-?\d+(\.\d+)?$/.test(text)) {
      log.error(line, attribute, 'non-numeric-count', `${attribute}="${raw}" is not a number`);
      return null;
    }
    const value = Number(text);
    if (!Number.isInteger(value))
      log.error(line, attribute, 'fractional-count', `${attribute}="${raw}" is not a whole number`);
    else if (value < 0)
      log.error(line, attribute, 'negative-count', `${attribute}="${raw}" is negative`);
    else return value;
    return null;
  };
  const name = (tag: SaxesTagNS, line: number): string | null => {
    const value = tag.attributes['name']?.value.trim() ?? '';
    if (value === '') {
      log.error(line, 'name', 'schema', `a ${tag.local} without a name`);
      return null;
    }
    return value;
  };
  const unitLevel = (tag: SaxesTagNS, line: number): boolean => {
    const level = tag.local as 'Precinct' | 'County';
    if (file.level === null) file.level = level;
    else if (file.level !== level) {
      log.error(
        line,
        null,
        'schema',
        `a ${level} in a file of ${file.level === 'Precinct' ? 'precincts' : 'counties'}: one file reports one level`,
      );
      return false;
    }
    return true;
  };

  const open = (tag: SaxesTagNS, line: number): void => {
    const local = tag.local;
    const parent = path.at(-1);
    path.push(local);
    state.text = '';
    if (path.length === 1) {
      if (local !== 'ElectionResult') {
        state.wrongRoot = true;
        log.error(
          line,
          null,
          'schema',
          `the root element is ${tag.name}, not a Clarity ElectionResult`,
        );
      }
      return;
    }
    if (path.length === 2 && local === 'Timestamp') file.timestamp = { text: '', line };
    if (path.length === 2 && local === 'ElectionDate') file.electionDate = { text: '', line };
    if (
      (local === 'Precinct' || local === 'County') &&
      (parent === 'Precincts' || parent === 'Counties') &&
      state.contest === null
    ) {
      const unitName = name(tag, line);
      if (unitName === null || !unitLevel(tag, line)) return;
      if (file.units.has(unitName)) {
        log.error(line, 'name', 'duplicate-id', `${tag.local} "${unitName}" is listed twice`);
        return;
      }
      file.units.set(unitName, {
        name: unitName,
        line,
        totalVoters: whole(tag, 'totalVoters', line, false),
        ballotsCast: whole(tag, 'ballotsCast', line, false),
      });
      return;
    }
    if (local === 'Contest' && path.length === 2) {
      const voteFor = whole(tag, 'voteFor', line, false) ?? 1;
      const contest: ClarityContest = {
        key: tag.attributes['key']?.value ?? String(file.contests.length + 1),
        text: (tag.attributes['text']?.value ?? '').trim(),
        voteFor: voteFor < 1 ? 1 : voteFor,
        isQuestion: tag.attributes['isQuestion']?.value.toLowerCase() === 'true',
        line,
        choices: [],
      };
      if (contest.text === '') log.error(line, 'text', 'schema', 'a Contest without text');
      file.contests.push(contest);
      state.contest = contest;
      return;
    }
    const contest = state.contest;
    if (contest === null) return;
    if (local === 'Choice' && parent === 'Contest') {
      const text = (tag.attributes['text']?.value ?? '').trim();
      if (text === '')
        log.error(line, 'text', 'schema', `a Choice of "${contest.text}" without text`);
      const party = tag.attributes['party']?.value.trim() ?? '';
      const choice: ClarityChoice = {
        key: tag.attributes['key']?.value ?? String(contest.choices.length + 1),
        text,
        party: party === '' ? null : party,
        totalVotes: whole(tag, 'totalVotes', line, false),
        line,
      };
      contest.choices.push(choice);
      state.choice = choice;
      return;
    }
    if (local === 'VoteType' && (parent === 'Choice' || parent === 'Contest')) {
      const typeName = tag.attributes['name']?.value ?? '';
      if (parent === 'Contest') {
        const lower = typeName.trim().toLowerCase();
        state.voteType =
          lower === 'overvotes' ? 'overvotes' : lower === 'undervotes' ? 'undervotes' : 'skip';
        if (state.voteType === 'skip')
          log.warn(
            line,
            'name',
            'ignored-vote-type',
            `contest-level vote type "${typeName}" is not read (only Overvotes and Undervotes are)`,
          );
        return;
      }
      const voteType = clarityVoteType(typeName);
      if (voteType === null) {
        log.error(
          line,
          'name',
          'unknown-vote-type',
          `vote type "${typeName}" is not in the vote-type table (${Object.keys(CLARITY_VOTE_TYPES).join(', ')}); add it to map it`,
        );
        state.voteType = 'skip';
        return;
      }
      state.voteType = voteType;
      return;
    }
    if (
      (local === 'Precinct' || local === 'County') &&
      parent === 'VoteType' &&
      state.voteType !== null &&
      state.voteType !== 'skip'
    ) {
      const unitName = name(tag, line);
      if (unitName === null || !unitLevel(tag, line)) return;
      const value = whole(tag, 'votes', line, true);
      if (value === null) return;
      if (!file.units.has(unitName))
        file.units.set(unitName, { name: unitName, line, totalVoters: null, ballotsCast: null });
      const overUnder = state.voteType === 'overvotes' || state.voteType === 'undervotes';
      const target = overUnder ? (state.voteType as 'overvotes' | 'undervotes') : state.choice;
      if (target === null) return;
      file.counts.push({
        unit: unitName,
        contest,
        target,
        voteType: overUnder ? 'total' : (state.voteType as VoteType),
        value,
        line,
      });
    }
  };

  const close = (tag: SaxesTagNS): void => {
    const local = tag.local;
    if (path.length === 2 && HEADER.has(local)) {
      const text = state.text.trim();
      if (local === 'Timestamp' && file.timestamp !== null) file.timestamp.text = text;
      if (local === 'ElectionDate' && file.electionDate !== null) file.electionDate.text = text;
      if (local === 'ElectionName') file.electionName = text;
      if (local === 'Region') file.region = text;
    }
    if (local === 'Contest' && path.length === 2) state.contest = null;
    if (local === 'Choice') state.choice = null;
    if (local === 'VoteType') state.voteType = null;
    path.pop();
  };

  const ok = await streamXml(
    chunks,
    {
      open,
      text: (text) => {
        state.text += text;
      },
      close,
    },
    log,
  );
  return ok && !state.wrongRoot ? file : null;
}
