import type { BaselineGroup } from './baseline.ts';

/** Columns of a group's row in the design: one index per effect, -1 when it has none. */
export interface GroupRow {
  /** Centred baseline log-odds of the first party. */
  readonly lean: number;
  readonly countyClass: number;
  readonly stratum: number;
  readonly size: number;
  readonly county: number;
  readonly pseudo: number;
}

/** The design of the model: which effects exist, and each group's row. */
export interface GroupDesign {
  readonly rows: readonly GroupRow[];
  /** Offsets of each block of effects in the parameter vector. */
  readonly offsets: {
    readonly countyClass: number;
    readonly stratum: number;
    readonly size: number;
    readonly county: number;
    readonly pseudo: number;
  };
  readonly size: number;
  readonly classNames: readonly CountyClass[];
  /** Per group: its county's class. */
  readonly classOfGroup: readonly CountyClass[];
  readonly counties: readonly string[];
  /**
   * Per group: its noise class, whose residual SD the fit estimates on its own: 0 for precincts
   * (and county pools of them), 1 + the kind for pseudo-units (see {@link NOISE_CLASSES}).
   */
  readonly noiseClassOf: Int32Array;
}

/**
 * The noise classes of the model. A pseudo-unit (a county's absentee or provisional ballots) is
 * a county-wide count of another way of voting; how far it strays from its predicted swing is
 * not the same as a precinct's, so each kind gets its own residual SD.
 */
export const NOISE_CLASSES = ['precinct', 'absentee', 'provisional', 'other-pseudo'] as const;

/**
 * County classes built from the baseline alone: `large` counties (at least 3% of the state's
 * baseline vote, where the cities are), `first-leaning` smaller counties the first party won in
 * the baseline, and the rest.
 */
export type CountyClass = 'large' | 'first-leaning' | 'other';

const CLASSES: readonly CountyClass[] = ['large', 'first-leaning', 'other'];
const LARGE_SHARE = 0.03;
/** Upper edges of the baseline first-party share bands that group precincts of a kind. */
const STRATA = [0.15, 0.25, 0.35, 0.5, 0.65, 0.8, 1.01];
const PSEUDO = ['absentee', 'provisional', 'other'] as const;
/** Size bands: groups sorted by baseline votes, cut into bands of equal baseline vote. */
const SIZE_BANDS = 5;

/** Baseline share of the first party with a half vote each side, so 0 and 1 stay finite. */
export function baselineShare(group: BaselineGroup): number {
  return (group.first + 0.5) / (group.first + group.second + 1);
}

/**
 * Builds the design shared by the share and turnout models: intercept, centred baseline lean,
 * county class, baseline-share band, size band, county, and pseudo-unit kind.
 * @example const design = buildGroupDesign(baseline.groups)
 */
export function buildGroupDesign(groups: readonly BaselineGroup[]): GroupDesign {
  const countyVotes = new Map<string, { first: number; two: number }>();
  let stateTwo = 0;
  for (const group of groups) {
    const entry = countyVotes.get(group.county) ?? { first: 0, two: 0 };
    entry.first += group.first;
    entry.two += group.first + group.second;
    countyVotes.set(group.county, entry);
    stateTwo += group.first + group.second;
  }
  const counties = [...countyVotes.keys()];
  const countyIndex = new Map(counties.map((county, index) => [county, index]));
  const classOf = (county: string): CountyClass => {
    const entry = countyVotes.get(county);
    if (entry === undefined || entry.two === 0) return 'other';
    if (entry.two >= LARGE_SHARE * stateTwo) return 'large';
    return entry.first * 2 > entry.two ? 'first-leaning' : 'other';
  };
  let leanSum = 0;
  let weightSum = 0;
  for (const group of groups) {
    const p = baselineShare(group);
    const w = group.first + group.second;
    leanSum += w * Math.log(p / (1 - p));
    weightSum += w;
  }
  const leanMean = weightSum > 0 ? leanSum / weightSum : 0;
  // Small places report first and vote differently from big ones: precinct size is an effect.
  const sizeOf = new Map<number, number>();
  const bySize = [...groups].sort((a, b) => a.first + a.second - (b.first + b.second));
  let running = 0;
  for (const group of bySize) {
    const w = group.first + group.second;
    sizeOf.set(
      group.id,
      Math.min(
        SIZE_BANDS - 1,
        Math.floor((SIZE_BANDS * (running + w / 2)) / Math.max(1, weightSum)),
      ),
    );
    running += w;
  }
  const stratum = 2 + CLASSES.length;
  const size = stratum + STRATA.length;
  const county = size + SIZE_BANDS;
  const offsets = { countyClass: 2, stratum, size, county, pseudo: county + counties.length };
  const classOfGroup: CountyClass[] = [];
  const noiseClassOf = new Int32Array(groups.length);
  const rows = groups.map((group) => {
    const p = baselineShare(group);
    const countyClass = classOf(group.county);
    classOfGroup.push(countyClass);
    const pseudoIndex =
      group.pseudoKind === null
        ? -1
        : PSEUDO.indexOf(
            group.pseudoKind === 'absentee' || group.pseudoKind === 'provisional'
              ? group.pseudoKind
              : 'other',
          );
    noiseClassOf[group.id] = pseudoIndex + 1;
    return {
      lean: Math.log(p / (1 - p)) - leanMean,
      countyClass: offsets.countyClass + CLASSES.indexOf(countyClass),
      stratum: offsets.stratum + STRATA.findIndex((edge) => p < edge),
      size: offsets.size + (sizeOf.get(group.id) ?? 0),
      county: offsets.county + (countyIndex.get(group.county) ?? 0),
      pseudo: pseudoIndex < 0 ? -1 : offsets.pseudo + pseudoIndex,
    };
  });
  return {
    rows,
    offsets,
    size: offsets.pseudo + PSEUDO.length,
    classNames: CLASSES,
    classOfGroup,
    counties,
    noiseClassOf,
  };
}

/** The linear predictor of a row for parameters `beta`. */
export function predictRow(row: GroupRow, beta: Float64Array): number {
  return (
    (beta[0] ?? 0) +
    row.lean * (beta[1] ?? 0) +
    (beta[row.countyClass] ?? 0) +
    (beta[row.stratum] ?? 0) +
    (beta[row.size] ?? 0) +
    (beta[row.county] ?? 0) +
    (row.pseudo < 0 ? 0 : (beta[row.pseudo] ?? 0))
  );
}

/**
 * The design in the form the Monte Carlo draws use: every group's effects except the lean
 * collapse into two table entries, a _cell_ (intercept + county class + county + pseudo-unit
 * kind) and a _band_ (baseline-share band + size band). For each draw the few hundred table
 * entries are summed once, and then a group's linear predictor is
 * `lean × β₁ + cell[cellOf] + band[bandOf]`: two lookups instead of seven.
 */
export interface CompiledDesign {
  /** Per group: the centred baseline lean. */
  readonly lean: Float64Array;
  /** Per group: its cell and its band. */
  readonly cellOf: Int32Array;
  readonly bandOf: Int32Array;
  readonly cells: number;
  readonly bands: number;
  /** Per cell: columns of its county class, county and pseudo-unit kind (-1 when none). */
  readonly cellColumns: Int32Array;
  /** Per band: columns of its baseline-share band and size band. */
  readonly bandColumns: Int32Array;
}

/**
 * Collapses the design's categorical effects into cells and bands (see {@link CompiledDesign}).
 * @example const compiled = compileDesign(buildGroupDesign(baseline.groups))
 */
export function compileDesign(design: GroupDesign): CompiledDesign {
  const groups = design.rows.length;
  const lean = new Float64Array(groups);
  const cellOf = new Int32Array(groups);
  const bandOf = new Int32Array(groups);
  const cellIndex = new Map<string, number>();
  const bandIndex = new Map<string, number>();
  const cellColumns: number[] = [];
  const bandColumns: number[] = [];
  design.rows.forEach((row, id) => {
    lean[id] = row.lean;
    const cellKey = `${row.countyClass},${row.county},${row.pseudo}`;
    let cell = cellIndex.get(cellKey);
    if (cell === undefined) {
      cell = cellIndex.size;
      cellIndex.set(cellKey, cell);
      cellColumns.push(row.countyClass, row.county, row.pseudo);
    }
    cellOf[id] = cell;
    const bandKey = `${row.stratum},${row.size}`;
    let band = bandIndex.get(bandKey);
    if (band === undefined) {
      band = bandIndex.size;
      bandIndex.set(bandKey, band);
      bandColumns.push(row.stratum, row.size);
    }
    bandOf[id] = band;
  });
  return {
    lean,
    cellOf,
    bandOf,
    cells: cellIndex.size,
    bands: bandIndex.size,
    cellColumns: Int32Array.from(cellColumns),
    bandColumns: Int32Array.from(bandColumns),
  };
}

/**
 * Fills `cell` and `band` with the table entries of parameters `beta` for the cells and bands
 * whose columns are given (3 per cell, 2 per band, as in {@link CompiledDesign}); with them a
 * group's linear predictor is `lean × beta[1] + cell[its cell] + band[its band]`, the same as
 * {@link predictRow}.
 */
export function effectTables(
  cellColumns: Int32Array,
  bandColumns: Int32Array,
  beta: Float64Array,
  cell: Float64Array,
  band: Float64Array,
): void {
  const intercept = beta[0] ?? 0;
  const cells = cellColumns.length / 3;
  for (let c = 0; c < cells; c++) {
    const pseudo = cellColumns[3 * c + 2] ?? -1;
    cell[c] =
      intercept +
      (beta[cellColumns[3 * c] ?? 0] ?? 0) +
      (beta[cellColumns[3 * c + 1] ?? 0] ?? 0) +
      (pseudo < 0 ? 0 : (beta[pseudo] ?? 0));
  }
  const bands = bandColumns.length / 2;
  for (let b = 0; b < bands; b++)
    band[b] = (beta[bandColumns[2 * b] ?? 0] ?? 0) + (beta[bandColumns[2 * b + 1] ?? 0] ?? 0);
}
