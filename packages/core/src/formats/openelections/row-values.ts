import { VOTE_TYPE_CODES } from '../../model/submission.ts';
import type { ColumnLayout } from './columns.ts';
import type { MessageLog } from './messages.ts';
import { fastVoteValue, readVoteCell, VOTE_EMPTY } from './vote-cell.ts';

const TOTAL_CODE = VOTE_TYPE_CODES.indexOf('total');
const CELL_ERROR = -2;

/**
 * Reads the count cells of a row (`votes` and the vote-method columns) into reused arrays: the
 * total first (from `votes`, or the sum of the methods when there is none), then one value per
 * non-empty method cell. Bad cells are reported; empty cells are unknown and left out.
 * @example
 * const cells = new RowValues(layout, log);
 * const n = cells.read(fields, line); // cells.types[0..n), cells.values[0..n)
 */
export class RowValues {
  /** Vote type codes of the values read (index 0 is the total). */
  readonly types: Uint8Array;
  readonly values: Float64Array;
  /** The votes column's header, or '' when the file has none. */
  readonly votesName: string;
  /** Counts written with thousands separators. */
  grouped = 0;
  readonly #log: MessageLog;
  readonly #votes: number;
  readonly #methodIndex: Int32Array;
  readonly #methodCodes: Uint8Array;
  readonly #methodNames: readonly string[];

  constructor(layout: ColumnLayout, log: MessageLog) {
    this.#log = log;
    this.#votes = layout.votes;
    this.votesName = layout.votes >= 0 ? (layout.header[layout.votes] ?? 'votes').trim() : '';
    this.#methodIndex = Int32Array.from(layout.methods, (method) => method.index);
    this.#methodCodes = Uint8Array.from(layout.methods, (method) =>
      VOTE_TYPE_CODES.indexOf(method.voteType),
    );
    this.#methodNames = layout.methods.map((method) => method.name);
    this.types = new Uint8Array(layout.methods.length + 1);
    this.values = new Float64Array(layout.methods.length + 1);
  }

  /** Reads a row's counts; returns how many, 0 when all are empty, or -1 after an error. */
  read(fields: readonly string[], line: number): number {
    const types = this.types;
    const values = this.values;
    let n = 0;
    let failed = false;
    let total = -1;
    if (this.#votes >= 0) {
      total = this.#cell(fields[this.#votes] ?? '', this.votesName, line);
      if (total === CELL_ERROR) failed = true;
      else if (total >= 0) {
        types[0] = TOTAL_CODE;
        values[0] = total;
        n = 1;
      }
    }
    const methods = this.#methodIndex;
    if (methods.length === 0) return failed ? -1 : n;
    // Leave room for a derived total in front.
    if (n === 0) n = 1;
    let sum = 0;
    let known = 0;
    for (let m = 0; m < methods.length; m++) {
      const value = this.#cell(fields[methods[m] ?? 0] ?? '', this.#methodNames[m] ?? '', line);
      if (value === CELL_ERROR) failed = true;
      else if (value >= 0) {
        types[n] = this.#methodCodes[m] ?? TOTAL_CODE;
        values[n] = value;
        n++;
        sum += value;
        known++;
      }
    }
    if (failed) return -1;
    if (total >= 0) {
      if (known > 0 && (known === methods.length ? sum !== total : sum > total))
        this.#log.warn(
          line,
          this.votesName,
          'methods-disagree',
          `the vote-method columns sum to ${sum} but votes is ${total}`,
        );
      return n;
    }
    if (known === 0) return 0;
    // No total in the file (or an empty one): the total is the sum of the methods.
    types[0] = TOTAL_CODE;
    values[0] = sum;
    return n;
  }

  /** The total of a row without reporting anything (for rows that are skipped anyway). */
  quietTotal(fields: readonly string[]): number | null {
    if (this.#votes >= 0) {
      const cell = readVoteCell(fields[this.#votes] ?? '');
      if (cell.kind === 'value') return cell.value;
    }
    let sum = 0;
    let known = 0;
    for (const index of this.#methodIndex) {
      const cell = readVoteCell(fields[index] ?? '');
      if (cell.kind === 'value') {
        sum += cell.value;
        known++;
      }
    }
    return known === 0 ? null : sum;
  }

  /** A count, VOTE_EMPTY, or CELL_ERROR (reported). */
  #cell(raw: string, column: string, line: number): number {
    const fast = fastVoteValue(raw);
    if (fast >= 0 || fast === VOTE_EMPTY) return fast;
    const cell = readVoteCell(raw);
    if (cell.kind === 'empty') return VOTE_EMPTY;
    if (cell.kind === 'value') {
      if (cell.grouped) this.grouped++;
      return cell.value;
    }
    this.#log.error(line, column, cell.code, cell.reason);
    return CELL_ERROR;
  }
}
