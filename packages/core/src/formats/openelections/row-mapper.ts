import type { UnitFact } from '../../model/contest.ts';
import type { ElectionDefinition } from '../../model/election.ts';
import {
  createCountBatch,
  VOTE_TYPE_CODES,
  type CountBatch,
  type FactRecord,
} from '../../model/submission.ts';
import type { VoteType } from '../../model/vote-type.ts';
import { layoutColumns, type ColumnLayout } from './columns.ts';
import { DefinitionBuilder, type InferredElection } from './definition-builder.ts';
import { DefinitionLookup } from './definition-lookup.ts';
import { NOT_FOUND, UNKNOWN_LINE, type DefinitionTarget } from './definition-target.ts';
import type { MessageLog } from './messages.ts';
import { detach } from './normalize.ts';
import { DuplicateKeys } from './duplicate-keys.ts';
import { isCountyTotalName, pseudoKindOf } from './pseudo-precincts.ts';
import {
  classifyCandidate,
  isStraightPartyOffice,
  officeFact,
  type RowKind,
} from './pseudo-rows.ts';
import { RowValues } from './row-values.ts';

/** How the mapper treats known-bad rows, and how it batches its output. */
export interface RowMapperOptions {
  readonly definition: ElectionDefinition | null;
  readonly election: InferredElection;
  readonly onDuplicate: 'error' | 'sum' | 'first';
  readonly onCountyTotal: 'error' | 'skip';
  readonly batchSize: number;
}

/** Rows of one county (or of the root, for a blank county), for county-total decisions. */
interface CountyGroup {
  readonly name: string;
  readonly unit: number;
  hasPrecincts: boolean;
  /** Sums of the county's precinct totals by key slot, kept only when totals are skipped. */
  readonly sums: Map<number, number> | null;
}

/** How a (candidate, party) cell pair of one contest resolved. */
interface ChoiceEntry {
  readonly contest: number;
  readonly candidate: string;
  readonly party: string;
  readonly kind: RowKind;
  readonly target: number;
  readonly line: number;
  readonly slot: number;
  /** The entry for the same candidate on another party line. */
  readonly next: ChoiceEntry | undefined;
  /** The entry the following row resolved to last time (a guess for next time). */
  after: ChoiceEntry | null;
}

interface HeldRow {
  readonly fields: string[];
  readonly line: number;
  readonly group: CountyGroup;
}

const TOTAL_CODE = VOTE_TYPE_CODES.indexOf('total');
const TOTAL_ROW = -2;
const FACT_CODES: Readonly<Record<UnitFact, number>> = {
  'registered-voters': 0,
  'ballots-cast': 1,
  'ballots-blank': 2,
  'times-counted': 3,
};

/**
 * Maps parsed CSV records of an OpenElections file to counts and unit facts keyed by definition
 * positions. Synchronous, so the CSV reader can call it per record; full batches wait in
 * {@link RowMapper.readyBatches} for the async caller to hand to the sink.
 */
export class RowMapper {
  readonly log: MessageLog;
  readonly #options: RowMapperOptions;
  layout: ColumnLayout | null = null;
  target: DefinitionTarget | null = null;
  headerFailed = false;
  headerLine = 0;
  rows = 0;
  counts = 0;
  countyTotalRowsSkipped = 0;
  duplicatesResolved = 0;
  emptyVoteCells = 0;
  readonly readyBatches: CountBatch[] = [];
  readonly readyFacts: FactRecord[][] = [];

  #batch: CountBatch;
  #facts: FactRecord[] = [];
  #width = 0;
  #geoIndex = new Int32Array(0);
  /** Per row: vote type codes and values read from its cells. */
  #cells: RowValues | null = null;
  #derivedRows = 0;

  readonly #groups = new Map<string, CountyGroup>();
  readonly #held: HeldRow[] = [];
  readonly #duplicates = new DuplicateKeys();
  readonly #slots: Map<number, number>[] = [];
  readonly #choiceEntries: Map<string, ChoiceEntry>[] = [];
  #slotCount = 0;
  readonly #officeFacts = new Map<string, UnitFact | null>();
  readonly #candidateKinds = new Map<string, RowKind>();
  readonly #straightOffices = new Map<string, boolean>();
  readonly #factValues = new Map<number, number>();
  readonly #zeroRegistered = new Set<number>();

  // The previous row's cells and what they resolved to: consecutive rows mostly share them.
  #prevCounty: string | null = null;
  #prevPrecinct: string | null = null;
  #prevGeo: string[] = [];
  #prevUnit = NOT_FOUND;
  #prevGroup: CountyGroup | null = null;
  #prevOffice: string | null = null;
  #prevDistrict: string | null = null;
  #prevContestParty: string | null = null;
  #prevContest = NOT_FOUND;
  #prevMemberUnit = -1;
  #prevMemberContest = -1;
  #prevMemberOk = false;
  #prevChoiceContest = -1;
  #prevCandidate: string | null = null;
  #prevChoiceParty: string | null = null;
  #prevEntry: ChoiceEntry | null = null;
  #prevFactOffice: string | null = null;
  #prevOfficeFact: UnitFact | null = null;

  constructor(log: MessageLog, options: RowMapperOptions) {
    this.log = log;
    this.#options = options;
    this.#batch = createCountBatch(options.batchSize);
  }

  /** Takes one CSV record; the first is the header. Bound, so it can be passed as a callback. */
  readonly record = (fields: string[], line: number): void => {
    if (this.layout === null) {
      if (!this.headerFailed) this.#header(fields, line);
      return;
    }
    this.rows++;
    this.#row(fields, line, -1);
  };

  /** Decides the held blank/total rows, adds summary warnings, and flushes what is pending. */
  finish(): void {
    if (this.layout !== null && this.target !== null) {
      this.#decideHeldRows();
      this.#summaryWarnings();
    }
    if (this.#batch.length > 0) {
      this.readyBatches.push(this.#batch);
      this.#batch = createCountBatch(1);
    }
    if (this.#facts.length > 0) {
      this.readyFacts.push(this.#facts);
      this.#facts = [];
    }
  }

  #header(fields: string[], line: number): void {
    this.headerLine = line;
    // The reader reuses the array: the layout keeps a copy of the header.
    const result = layoutColumns(fields.slice());
    if (!result.ok) {
      this.headerFailed = true;
      for (const problem of result.problems)
        this.log.error(line, problem.column, problem.code, problem.reason);
      return;
    }
    const layout = result.layout;
    this.layout = layout;
    this.#width = fields.length;
    this.#cells = new RowValues(layout, this.log);
    this.#geoIndex = Int32Array.from(layout.geo, (geo) => geo.index);
    const geoNames = layout.geo.map((geo) => geo.name);
    this.target =
      this.#options.definition === null
        ? new DefinitionBuilder(geoNames, this.#options.election)
        : DefinitionLookup.of(this.#options.definition, geoNames);
    if (layout.ignored.length > 0)
      this.log.warn(
        line,
        null,
        'ignored-columns',
        `columns not used by the importer were ignored: ${layout.ignored.map((name) => `"${name}"`).join(', ')}`,
      );
  }

  /** Maps one data row. `forcedUnit` >= 0 places a held county-level row on its county. */
  #row(fields: string[], line: number, forcedUnit: number): void {
    const layout = this.layout;
    const target = this.target;
    if (layout === null || target === null) return;
    if (fields.length !== this.#width) {
      if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
      this.log.error(
        line,
        null,
        'malformed-row',
        `the row has ${fields.length} fields but the header has ${this.#width}`,
      );
      return;
    }

    // Unit.
    let unit: number;
    let group: CountyGroup | null;
    if (forcedUnit >= 0) {
      unit = forcedUnit;
      group = null;
    } else {
      const county = fields[layout.county] ?? '';
      const precinct = layout.precinct >= 0 ? (fields[layout.precinct] ?? '') : '';
      if (county === this.#prevCounty && precinct === this.#prevPrecinct && this.#sameGeo(fields)) {
        unit = this.#prevUnit;
      } else {
        unit = this.#resolveUnit(fields, county, precinct, line);
        this.#prevCounty = county;
        this.#prevPrecinct = precinct;
        this.#prevUnit = unit;
      }
      group = this.#prevGroup;
      if (unit === TOTAL_ROW) {
        // The reader reuses the array: keep a copy.
        if (group !== null) this.#held.push({ fields: fields.slice(), line, group });
        return;
      }
      if (unit < 0) return;
    }

    // What the row is about: an office that is a unit fact needs no contest.
    const office = fields[layout.office] ?? '';
    let fact: UnitFact | null;
    if (office === this.#prevFactOffice) fact = this.#prevOfficeFact;
    else {
      let known = this.#officeFacts.get(office);
      if (known === undefined) {
        known = officeFact(office);
        this.#officeFacts.set(detach(office), known);
      }
      fact = known;
      this.#prevFactOffice = office;
      this.#prevOfficeFact = fact;
    }
    if (fact !== null) {
      this.#factRow(unit, fact, fields, line);
      return;
    }

    // Contest.
    const candidate = fields[layout.candidate] ?? '';
    const district = layout.district >= 0 ? (fields[layout.district] ?? '') : '';
    const party = layout.party >= 0 ? (fields[layout.party] ?? '') : '';
    let contest: number;
    if (
      office === this.#prevOffice &&
      district === this.#prevDistrict &&
      (!target.partyKeyed || party === this.#prevContestParty)
    ) {
      contest = this.#prevContest;
    } else {
      contest = this.#resolveContest(office, district, party, line);
      this.#prevOffice = office;
      this.#prevDistrict = district;
      this.#prevContestParty = party;
      this.#prevContest = contest;
    }
    if (contest < 0) return;

    // Choice (or over/under/blank, or a fact or derived row named as a candidate).
    let entry: ChoiceEntry | null;
    const previous = this.#prevEntry;
    const guess = previous?.after ?? null;
    if (
      contest === this.#prevChoiceContest &&
      candidate === this.#prevCandidate &&
      party === this.#prevChoiceParty
    ) {
      entry = previous;
    } else if (
      guess !== null &&
      guess.contest === contest &&
      guess.candidate === candidate &&
      guess.party === party
    ) {
      // Units list their rows in the same order, so the entry that followed last time usually
      // follows again: a string compare instead of hashing the candidate.
      entry = guess;
    } else {
      entry = this.#choiceEntry(contest, candidate, party, line);
      if (previous !== null && entry !== null) previous.after = entry;
    }
    this.#prevChoiceContest = contest;
    this.#prevCandidate = candidate;
    this.#prevChoiceParty = party;
    this.#prevEntry = entry;
    if (entry === null) return;
    if (entry.kind.kind === 'fact') {
      this.#factRow(unit, entry.kind.fact, fields, line);
      return;
    }
    if (entry.kind.kind === 'derived') {
      this.#derivedRows++;
      return;
    }
    const targetCode = entry.target;
    const lineIndex = entry.line;
    const slot = entry.slot;

    const cells = this.#cells;
    if (cells === null) return;
    const n = cells.read(fields, line);
    if (n < 0) return;
    if (n === 0) {
      this.emptyVoteCells++;
      return;
    }
    // Only a row with a count puts the unit on the contest: Alabama lists school-tax measures
    // with empty cells for precincts outside the tax district.
    if (unit !== this.#prevMemberUnit || contest !== this.#prevMemberContest) {
      this.#prevMemberUnit = unit;
      this.#prevMemberContest = contest;
      this.#prevMemberOk = target.reports(unit, contest);
      if (!this.#prevMemberOk)
        this.log.error(
          line,
          null,
          'unit-not-in-contest',
          `"${target.contestName(contest)}" is not on the ballot in unit ${target.unitId(unit)} according to the election definition`,
        );
    }
    if (!this.#prevMemberOk) return;

    const first = this.#duplicates.check(unit, slot, line);
    if (first !== -1) {
      if (this.#options.onDuplicate === 'error') {
        this.log.error(
          line,
          null,
          'duplicate-key',
          `this row repeats the key of line ${first} (county "${fields[layout.county] ?? ''}", unit ${target.unitId(unit)}, "${target.contestName(contest)}", candidate "${candidate}"${party === '' ? '' : `, party "${party}"`})`,
        );
        return;
      }
      this.duplicatesResolved++;
      if (this.#options.onDuplicate === 'first') return;
    }

    const types = cells.types;
    const values = cells.values;
    for (let i = 0; i < n; i++) {
      let batch = this.#batch;
      if (batch.length === batch.unit.length) {
        this.readyBatches.push(batch);
        batch = createCountBatch(this.#options.batchSize);
        this.#batch = batch;
      }
      const at = batch.length++;
      batch.unit[at] = unit;
      batch.contest[at] = contest;
      batch.target[at] = targetCode;
      batch.line[at] = lineIndex;
      batch.voteType[at] = types[i] ?? TOTAL_CODE;
      batch.value[at] = values[i] ?? 0;
      batch.sourceLine[at] = line;
    }
    this.counts += n;
    if (group !== null && group.sums !== null && types[0] === TOTAL_CODE) {
      const value = values[0] ?? 0;
      group.sums.set(slot, (group.sums.get(slot) ?? 0) + value);
      // A blank-county total row is a statewide total: compare it with every precinct.
      if (group.name !== '') {
        const state = this.#groupOf('');
        state.sums?.set(slot, (state.sums.get(slot) ?? 0) + value);
      }
    }
  }

  #sameGeo(fields: string[]): boolean {
    const geo = this.#geoIndex;
    for (let i = 0; i < geo.length; i++) if (fields[geo[i] ?? 0] !== this.#prevGeo[i]) return false;
    return true;
  }

  #resolveUnit(fields: string[], countyCell: string, precinctCell: string, line: number): number {
    const layout = this.layout;
    const target = this.target;
    if (layout === null || target === null) return NOT_FOUND;
    this.#prevGeo = Array.from(this.#geoIndex, (index) => fields[index] ?? '');
    const county = detach(countyCell.trim());
    const group = this.#groupOf(county);
    this.#prevGroup = group;
    if (group.unit < 0) {
      this.log.error(
        line,
        this.#headerName(layout.county),
        'unknown-precinct',
        `county "${county}" is not in the election definition`,
      );
      return NOT_FOUND;
    }
    const precinct = detach(precinctCell.trim());
    const geo = layout.geo.length === 0 ? null : this.#prevGeo.map((value) => detach(value.trim()));
    const blankPlace = precinct === '' && (geo === null || geo.every((value) => value === ''));
    if (blankPlace || isCountyTotalName(precinct)) return TOTAL_ROW;
    const pseudo = pseudoKindOf(precinct !== '' ? precinct : (geo ?? []).join(' '));
    const unit = target.unit(group.unit, precinct, geo, pseudo);
    if (unit === NOT_FOUND) {
      const column =
        layout.precinct >= 0 ? this.#headerName(layout.precinct) : (layout.geo[0]?.name ?? null);
      const place = [...(geo ?? []).filter((value) => value !== ''), precinct]
        .filter((value) => value !== '')
        .join(' / ');
      this.log.error(
        line,
        column,
        'unknown-precinct',
        `precinct "${place}" of county "${county}" is not in the election definition`,
      );
      return NOT_FOUND;
    }
    group.hasPrecincts = true;
    return unit;
  }

  #groupOf(county: string): CountyGroup {
    let group = this.#groups.get(county);
    if (group === undefined) {
      const target = this.target;
      group = {
        name: county,
        unit: target === null ? NOT_FOUND : target.county(county),
        hasPrecincts: false,
        sums: this.#options.onCountyTotal === 'skip' ? new Map() : null,
      };
      this.#groups.set(county, group);
    }
    return group;
  }

  #resolveContest(
    officeCell: string,
    districtCell: string,
    partyCell: string,
    line: number,
  ): number {
    const layout = this.layout;
    const target = this.target;
    if (layout === null || target === null) return NOT_FOUND;
    const office = detach(officeCell.trim());
    if (office === '') {
      this.log.error(line, this.#headerName(layout.office), 'missing-value', 'the office is empty');
      return NOT_FOUND;
    }
    const contest = target.contest(
      office,
      detach(districtCell.trim()),
      detach(partyCell.trim()),
      this.#isStraightParty(office),
    );
    if (contest === NOT_FOUND) {
      const district = districtCell.trim();
      this.log.error(
        line,
        this.#headerName(layout.office),
        'unknown-contest',
        `office "${office}"${district === '' ? '' : ` district "${district}"`} is not a contest in the election definition`,
      );
    }
    return contest;
  }

  #resolveChoice(
    contest: number,
    kind: RowKind,
    candidateCell: string,
    partyCell: string,
    line: number,
  ): { choice: number; line: number } | null {
    const layout = this.layout;
    const target = this.target;
    if (layout === null || target === null) return null;
    const candidate = detach(candidateCell.trim());
    const party = detach(partyCell.trim());
    let choice: number;
    if (kind.kind === 'write-in') {
      choice = target.writeIn(contest, candidate);
    } else {
      if (candidate === '') {
        this.log.error(
          line,
          this.#headerName(layout.candidate),
          'missing-value',
          'the candidate is empty',
        );
        return null;
      }
      choice = target.choice(contest, candidate, party);
    }
    if (choice === NOT_FOUND) {
      this.log.error(
        line,
        this.#headerName(layout.candidate),
        'unknown-choice',
        `candidate "${candidate}" is not a choice of "${target.contestName(contest)}" in the election definition`,
      );
      return null;
    }
    const lineIndex = target.line(contest, choice, party);
    if (lineIndex === UNKNOWN_LINE) {
      this.log.error(
        line,
        layout.party >= 0 ? this.#headerName(layout.party) : null,
        'unknown-choice',
        `candidate "${candidate}" of "${target.contestName(contest)}" is not on the party line "${party}" in the election definition`,
      );
      return null;
    }
    return { choice, line: lineIndex };
  }

  /** The cached resolution of (candidate, party) in a contest; null (not cached) on an error. */
  #choiceEntry(
    contest: number,
    candidate: string,
    party: string,
    line: number,
  ): ChoiceEntry | null {
    let entries = this.#choiceEntries[contest];
    if (entries === undefined) {
      entries = new Map();
      this.#choiceEntries[contest] = entries;
    }
    const head = entries.get(candidate);
    for (let entry = head; entry !== undefined; entry = entry.next)
      if (entry.party === party) return entry;
    let kind = this.#candidateKinds.get(candidate);
    if (kind === undefined) {
      kind = classifyCandidate(candidate);
      this.#candidateKinds.set(detach(candidate), kind);
    }
    let targetCode = 0;
    let lineIndex = -1;
    let slot = -1;
    if (kind.kind === 'target') {
      targetCode = kind.target;
      slot = this.#slotOf(contest, targetCode, lineIndex);
    } else if (kind.kind === 'choice' || kind.kind === 'write-in') {
      const resolved = this.#resolveChoice(contest, kind, candidate, party, line);
      if (resolved === null) return null;
      targetCode = resolved.choice;
      lineIndex = resolved.line;
      slot = this.#slotOf(contest, targetCode, lineIndex);
    }
    const stored = head === undefined ? detach(candidate) : head.candidate;
    const entry: ChoiceEntry = {
      contest,
      candidate: stored,
      after: null,
      party: detach(party),
      kind,
      target: targetCode,
      line: lineIndex,
      slot,
      next: head,
    };
    entries.set(stored, entry);
    return entry;
  }

  #isStraightParty(office: string): boolean {
    let straight = this.#straightOffices.get(office);
    if (straight === undefined) {
      straight = isStraightPartyOffice(office);
      this.#straightOffices.set(office, straight);
    }
    return straight;
  }

  #slotOf(contest: number, targetCode: number, lineIndex: number): number {
    let slots = this.#slots[contest];
    if (slots === undefined) {
      slots = new Map();
      this.#slots[contest] = slots;
    }
    const key = (targetCode + 4) * 65536 + lineIndex + 1;
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = this.#slotCount++;
      slots.set(key, slot);
    }
    return slot;
  }

  #factRow(unit: number, fact: UnitFact, fields: string[], line: number): void {
    const cells = this.#cells;
    if (cells === null) return;
    const n = cells.read(fields, line);
    if (n < 0) return;
    if (n === 0) {
      this.emptyVoteCells++;
      return;
    }
    const key = unit * 4 + FACT_CODES[fact];
    const total = cells.values[0] ?? 0;
    if (fact === 'registered-voters' && total === 0) {
      // Alabama writes 0 where the count is unknown: no unit has zero registered voters.
      this.#zeroRegistered.add(unit);
      return;
    }
    const earlier = this.#factValues.get(key);
    if (earlier !== undefined) {
      if (earlier !== total)
        this.log.warn(
          line,
          this.#cells?.votesName || null,
          'fact-conflict',
          `${fact} for unit ${this.target?.unitId(unit) ?? unit} is ${total} here but ${earlier} on an earlier row; the earlier value is kept`,
        );
      return;
    }
    this.#factValues.set(key, total);
    for (let i = 0; i < n; i++) {
      const voteType: VoteType = VOTE_TYPE_CODES[cells.types[i] ?? TOTAL_CODE] ?? 'total';
      this.#facts.push({ unit, fact, voteType, value: cells.values[i] ?? 0, sourceLine: line });
    }
    if (this.#facts.length >= this.#options.batchSize) {
      this.readyFacts.push(this.#facts);
      this.#facts = [];
    }
  }

  /**
   * Rows with a blank place or a total-like precinct name wait until the whole file is read: in
   * a county that also has precinct rows they are county totals (rejected, or skipped and
   * compared with the precincts' sum); otherwise they are the county's own results.
   */
  #decideHeldRows(): void {
    const layout = this.layout;
    const target = this.target;
    if (layout === null || target === null) return;
    const totals = new Map<CountyGroup, { line: number; slot: number; value: number }[]>();
    // Blank county and place: a statewide total when the file has precincts anywhere.
    const anyPrecincts = [...this.#groups.values()].some((group) => group.hasPrecincts);
    for (const held of this.#held) {
      if (!(held.group.name === '' ? anyPrecincts : held.group.hasPrecincts)) {
        this.#row(held.fields, held.line, held.group.unit);
        continue;
      }
      const precinct = layout.precinct >= 0 ? (held.fields[layout.precinct] ?? '').trim() : '';
      if (this.#options.onCountyTotal === 'error') {
        this.log.error(
          held.line,
          layout.precinct >= 0 ? this.#headerName(layout.precinct) : null,
          'county-total-row',
          held.group.name === ''
            ? 'this row has neither county nor precinct: a statewide total in a file of precinct rows; remove it or import with county totals skipped'
            : `this row is a county total (precinct ${precinct === '' ? 'blank' : `"${precinct}"`}) for county "${held.group.name}", whose precincts are also in the file; remove it or import with county totals skipped`,
        );
        continue;
      }
      this.countyTotalRowsSkipped++;
      const keyed = this.#peekKey(held.fields);
      if (keyed === null) continue;
      let list = totals.get(held.group);
      if (list === undefined) {
        list = [];
        totals.set(held.group, list);
      }
      list.push({ line: held.line, slot: keyed.slot, value: keyed.value });
    }
    for (const [group, list] of totals) {
      let disagreements = 0;
      let example = '';
      let firstLine: number | null = null;
      for (const total of list) {
        const sum = group.sums?.get(total.slot) ?? 0;
        if (sum !== total.value) {
          disagreements++;
          if (firstLine === null) {
            firstLine = total.line;
            example = `total ${total.value}, precincts ${sum}`;
          }
        }
      }
      if (disagreements > 0)
        this.log.warn(
          firstLine,
          null,
          'county-total-disagrees',
          `county total rows of "${group.name}" (skipped) disagree with the sum of its precincts in ${disagreements} of ${list.length} rows (first: ${example})`,
        );
    }
  }

  /** The key slot and total of a skipped county-total row, or null when it is not a count. */
  #peekKey(fields: string[]): { slot: number; value: number } | null {
    const layout = this.layout;
    const target = this.target;
    if (layout === null || target === null || fields.length !== this.#width) return null;
    const office = (fields[layout.office] ?? '').trim();
    const candidate = (fields[layout.candidate] ?? '').trim();
    if (office === '' || officeFact(office) !== null) return null;
    const kind = classifyCandidate(candidate);
    if (kind.kind === 'fact' || kind.kind === 'derived') return null;
    const district = layout.district >= 0 ? (fields[layout.district] ?? '').trim() : '';
    const party = layout.party >= 0 ? (fields[layout.party] ?? '').trim() : '';
    const contest = target.contest(office, district, party, this.#isStraightParty(office));
    if (contest === NOT_FOUND) return null;
    let targetCode: number;
    let lineIndex = -1;
    if (kind.kind === 'target') targetCode = kind.target;
    else {
      targetCode =
        kind.kind === 'write-in'
          ? target.writeIn(contest, candidate)
          : target.choice(contest, candidate, party);
      if (targetCode === NOT_FOUND) return null;
      lineIndex = target.line(contest, targetCode, party);
      if (lineIndex === UNKNOWN_LINE) return null;
    }
    const value = this.#cells?.quietTotal(fields) ?? null;
    if (value === null) return null;
    return { slot: this.#slotOf(contest, targetCode, lineIndex), value };
  }

  #summaryWarnings(): void {
    if (this.#zeroRegistered.size > 0)
      this.log.warn(
        null,
        null,
        'zero-registered-voters',
        `registered voters is 0 in ${plural(this.#zeroRegistered.size, 'unit')}; read as unknown, so no registered-voter figure is recorded for them`,
      );
    if (this.emptyVoteCells > 0)
      this.log.warn(
        null,
        this.#cells?.votesName || null,
        'empty-votes',
        `${plural(this.emptyVoteCells, 'row')} without a count (an empty votes cell): unknown, not zero, and not counted`,
      );
    if (this.#cells !== null && this.#cells.grouped > 0)
      this.log.warn(
        null,
        null,
        'thousands-separators',
        `${plural(this.#cells.grouped, 'count')} written with thousands separators (e.g. "1,234") read as whole numbers`,
      );
    if (this.#derivedRows > 0)
      this.log.warn(
        null,
        null,
        'derived-rows-ignored',
        `${plural(this.#derivedRows, 'row')} holding a contest's total (candidate "Total Votes" or similar) not counted`,
      );
  }

  #headerName(index: number): string {
    return (this.layout?.header[index] ?? '').trim();
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
