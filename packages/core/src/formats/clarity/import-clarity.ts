import type { Choice, Contest } from '../../model/contest.ts';
import type { ElectionDefinition, ElectionType } from '../../model/election.ts';
import type { ReportingUnit } from '../../model/reporting-unit.ts';
import type { SubmissionSink } from '../../model/submission.ts';
import { DocumentLog } from '../document/document-log.ts';
import {
  placeholderDefinition,
  type DocumentCount,
  type DocumentFact,
  type DocumentImportOptions,
  type DocumentImportResult,
} from '../document/document-submission.ts';
import { emitDocument } from '../document/emit-document.ts';
import { STATE_NAMES } from '../openelections/file-name.ts';
import { normalizeName, slugify, UniqueIds } from '../openelections/normalize.ts';
import { pseudoKindOf } from '../openelections/pseudo-precincts.ts';
import { slugId } from '../nist/nist-to-document.ts';
import { clarityDate, clarityTimestamp } from './clarity-time.ts';
import {
  readClarity,
  type ClarityChoice,
  type ClarityContest,
  type ClarityFile,
} from './read-clarity.ts';

const WRITE_IN = /^(WRITE[- ]?INS?|SCATTER(ED|ING))$/;
const STRAIGHT_PARTY = /^STRAIGHT[- ](PARTY|TICKET)\b/;

/**
 * Imports a Clarity ENR `detail.xml` (a county's precinct file or a state's county file,
 * streamed through a SAX parser) as one submission. Units, contests and choices are keyed by
 * name: into an existing election they are found by name (county, then precinct within it);
 * for a new election ids are made from the names the way OpenElections imports make them, so
 * both kinds of file describe the same units. Each unit's total is the sum of its vote types.
 * @example const result = await importClarity(decodeUtf8(bytes, file), { file, definition, electionId: definition.id }, sink);
 */
export async function importClarity(
  chunks: AsyncIterable<string>,
  options: DocumentImportOptions,
  sink: SubmissionSink,
): Promise<DocumentImportResult> {
  const log = new DocumentLog(options.file, options.maxErrors ?? 1000);
  const file = await readClarity(chunks, log);
  const failed = (): DocumentImportResult => ({
    ok: false,
    errors: log.errors,
    errorCount: log.errorCount,
    warnings: log.warnings,
    definition: options.definition ?? placeholderDefinition(options.electionId),
    rows: 0,
    counts: 0,
  });
  if (file === null) return failed();
  const date = readHeader(file, log);
  if (file.contests.length === 0) log.error(null, null, 'empty-file', 'the file has no Contest');
  if (log.errorCount > 0 || date === null) return failed();

  const names = new NameTable(file, options.definition);
  const counts: DocumentCount[] = [];
  const sums = new Map<ClarityChoice, number>();
  const contestUnits = new Map<ClarityContest, Set<string>>();
  // Per unit, contest and choice: the vote types' sum becomes the total (unless one is given).
  const totals = new Map<string, { count: DocumentCount; explicit: boolean }>();
  for (const count of file.counts) {
    const unitId = names.unit(count.unit);
    const contestId = names.contest(count.contest);
    let units = contestUnits.get(count.contest);
    if (units === undefined) contestUnits.set(count.contest, (units = new Set()));
    units.add(unitId);
    const target =
      typeof count.target === 'string'
        ? count.target
        : { choiceId: names.choice(count.contest, count.target) };
    if (typeof count.target !== 'string')
      sums.set(
        count.target,
        (sums.get(count.target) ?? 0) + (count.voteType === 'total' ? 0 : count.value),
      );
    const base = { unitId, contestId, target, line: count.line, field: 'votes' };
    if (count.voteType !== 'total')
      counts.push({ ...base, voteType: count.voteType, value: count.value });
    const key = `${unitId}\u0000${contestId}\u0000${typeof target === 'string' ? target : `=${target.choiceId}`}`;
    const current = totals.get(key);
    if (count.voteType === 'total')
      totals.set(key, {
        count: { ...base, voteType: 'total', value: count.value },
        explicit: true,
      });
    else if (current === undefined)
      totals.set(key, {
        count: { ...base, voteType: 'total', value: count.value },
        explicit: false,
      });
    else if (!current.explicit)
      current.count = { ...current.count, value: current.count.value + count.value };
  }
  for (const { count } of totals.values()) counts.push(count);
  for (const contest of file.contests)
    for (const choice of contest.choices) {
      const sum = sums.get(choice) ?? 0;
      if (choice.totalVotes !== null && sums.has(choice) && choice.totalVotes !== sum)
        log.error(
          choice.line,
          'totalVotes',
          'inconsistent-total',
          `"${choice.text}" in "${contest.text}" has totalVotes ${choice.totalVotes}, but its vote types by unit add up to ${sum}`,
        );
    }

  const facts: DocumentFact[] = [];
  for (const unit of file.units.values()) {
    const unitId = names.unit(unit.name);
    // Clarity writes totalVoters="0" where registration is unknown.
    if (unit.totalVoters !== null && unit.totalVoters > 0)
      facts.push({
        unitId,
        fact: 'registered-voters',
        voteType: 'total',
        value: unit.totalVoters,
        line: unit.line,
        field: 'totalVoters',
      });
    if (unit.ballotsCast !== null)
      facts.push({
        unitId,
        fact: 'ballots-cast',
        voteType: 'total',
        value: unit.ballotsCast,
        line: unit.line,
        field: 'ballotsCast',
      });
  }

  const definition = names.definition(file, date, contestUnits, options.electionId);
  const emitted = await emitDocument(
    { definition, counts, facts, rows: file.counts.length + facts.length },
    options.definition,
    log,
    sink,
  );
  return {
    ok: log.errorCount === 0,
    errors: log.errors,
    errorCount: log.errorCount,
    warnings: log.warnings,
    definition: emitted.definition,
    rows: file.counts.length,
    counts: emitted.counts,
  };
}

function readHeader(file: ClarityFile, log: DocumentLog): string | null {
  if (file.timestamp === null) log.error(null, 'Timestamp', 'schema', 'the file has no Timestamp');
  else if (clarityTimestamp(file.timestamp.text) === null)
    log.error(
      file.timestamp.line,
      'Timestamp',
      'timestamp-zone',
      `Timestamp "${file.timestamp.text}" is not a US date and time with a time-zone abbreviation (like 11/3/2026 9:42:10 PM EST)`,
    );
  if (file.electionDate === null) {
    log.error(null, 'ElectionDate', 'schema', 'the file has no ElectionDate');
    return null;
  }
  const date = clarityDate(file.electionDate.text);
  if (date === null)
    log.error(
      file.electionDate.line,
      'ElectionDate',
      'date-format',
      `ElectionDate "${file.electionDate.text}" is not a date like 11/3/2026`,
    );
  return date;
}

/** Ids for the file's names: found by name in a given definition, or made from the names. */
class NameTable {
  readonly #given: ElectionDefinition | null;
  readonly #level: 'Precinct' | 'County';
  readonly #root: ReportingUnit;
  readonly #units = new Map<string, ReportingUnit>();
  readonly #unitIds = new UniqueIds();
  readonly #contests = new Map<ClarityContest, Contest>();
  readonly #contestIds = new UniqueIds();
  readonly #choiceIds = new Map<ClarityContest, UniqueIds>();
  readonly #choices = new Map<ClarityChoice, Choice>();

  constructor(file: ClarityFile, given: ElectionDefinition | null) {
    this.#given = given;
    this.#level = file.level ?? 'Precinct';
    const region = file.region ?? '';
    if (this.#level === 'Precinct') {
      const county = region.replace(/\s+county$/i, '');
      const found = given?.units.find(
        (unit) => unit.kind === 'county' && normalizeName(unit.name) === normalizeName(county),
      );
      this.#root = found ?? {
        id: slugify(county),
        name: county === '' ? 'County' : county,
        kind: 'county',
        parentId: null,
        pseudoKind: null,
        attributes: {},
      };
    } else {
      const code = Object.entries(STATE_NAMES).find(
        ([, name]) => normalizeName(name) === normalizeName(region),
      )?.[0];
      const found = given?.units.find((unit) => unit.parentId === null);
      this.#root = found ?? {
        id: code?.toLowerCase() ?? slugify(region),
        name: region === '' ? 'State' : region,
        kind: 'state',
        parentId: null,
        pseudoKind: null,
        attributes: {},
      };
    }
    this.#unitIds.reserve(this.#root.id);
    for (const unit of given?.units ?? []) this.#unitIds.reserve(unit.id);
  }

  /** The unit id for a precinct or county name. */
  unit(name: string): string {
    const known = this.#units.get(name);
    if (known !== undefined) return known.id;
    const parent = this.#root;
    const found = this.#given?.units.find(
      (unit) => unit.parentId === parent.id && normalizeName(unit.name) === normalizeName(name),
    );
    const pseudo = this.#level === 'Precinct' ? pseudoKindOf(name) : null;
    const slug = slugify(name);
    const unit: ReportingUnit = found ?? {
      id: this.#unitIds.claim(this.#level === 'Precinct' ? `${parent.id}/${slug}` : slug),
      name,
      kind: this.#level === 'County' ? 'county' : pseudo === null ? 'precinct' : 'pseudo',
      parentId: parent.id,
      pseudoKind: pseudo,
      attributes: {},
    };
    this.#units.set(name, unit);
    return unit.id;
  }

  /** The contest id for a contest's text. */
  contest(contest: ClarityContest): string {
    return this.#contest(contest).id;
  }

  #contest(contest: ClarityContest): Contest {
    const known = this.#contests.get(contest);
    if (known !== undefined) return known;
    const found = this.#given?.contests.find(
      (candidate) => normalizeName(candidate.name) === normalizeName(contest.text),
    );
    const made: Contest = found ?? {
      id: this.#contestIds.claim(slugify(contest.text)),
      name: contest.text,
      office: contest.text,
      district: null,
      primaryParty: null,
      kind: contest.isQuestion
        ? 'measure'
        : STRAIGHT_PARTY.test(normalizeName(contest.text))
          ? 'straight-party'
          : 'candidate',
      votesAllowed: contest.voteFor,
      seats: contest.voteFor,
      choices: [],
      unitIds: [],
    };
    this.#contests.set(contest, made);
    return made;
  }

  /** The choice id for a choice's text in its contest. */
  choice(contest: ClarityContest, choice: ClarityChoice): string {
    const known = this.#choices.get(choice);
    if (known !== undefined) return known.id;
    const isWriteIn = WRITE_IN.test(normalizeName(choice.text));
    const found = this.#contest(contest).choices.find(
      (candidate) =>
        normalizeName(candidate.name) === normalizeName(choice.text) ||
        (isWriteIn && candidate.isWriteIn),
    );
    let ids = this.#choiceIds.get(contest);
    if (ids === undefined) this.#choiceIds.set(contest, (ids = new UniqueIds()));
    const made: Choice = found ?? {
      id: ids.claim(isWriteIn ? 'write-in' : slugify(choice.text)),
      name: choice.text,
      party: choice.party,
      lines: choice.party === null ? [] : [choice.party],
      isWriteIn,
    };
    this.#choices.set(choice, made);
    return made.id;
  }

  /** The definition the file describes (ids as handed out; used when the election is new). */
  definition(
    file: ClarityFile,
    date: string,
    contestUnits: ReadonlyMap<ClarityContest, ReadonlySet<string>>,
    electionId: string | null,
  ): ElectionDefinition {
    for (const unit of file.units.keys()) this.unit(unit);
    const name = file.electionName ?? 'Election';
    const units = [this.#root, ...this.#units.values()];
    const order = new Map(units.map((unit, index) => [unit.id, index]));
    const contests = file.contests.map((contest) => {
      for (const choice of contest.choices) this.choice(contest, choice);
      const made = this.#contest(contest);
      const unitIds = [...(contestUnits.get(contest) ?? [])].sort(
        (a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0),
      );
      return {
        ...made,
        choices: contest.choices
          .map((choice) => this.#choices.get(choice))
          .filter((choice) => choice !== undefined),
        unitIds,
      };
    });
    const type: ElectionType = /primary/i.test(name)
      ? 'primary'
      : /runoff/i.test(name)
        ? 'runoff'
        : /special/i.test(name)
          ? 'special-general'
          : /general/i.test(name)
            ? 'general'
            : 'other';
    return {
      id: electionId ?? slugId(`${date}-${name}`),
      name,
      date,
      state:
        this.#root.kind === 'state' && /^[a-z]{2}$/.test(this.#root.id)
          ? this.#root.id.toUpperCase()
          : null,
      type,
      units,
      contests,
    };
  }
}
