/** The reporting orders a replay can use. */
export const REPLAY_ORDERS = [
  'random',
  'by-county',
  'small-first',
  'big-cities-last',
  'pseudo-last',
] as const;

/** How precincts are ordered through the night. */
export type ReplayOrder = (typeof REPLAY_ORDERS)[number];

/** One reporting unit of the final file, as a replay sees it. */
export interface ReplayUnit {
  readonly county: string;
  readonly key: string;
  /** Final votes in the unit (its size). */
  readonly votes: number;
  readonly pseudo: boolean;
}

/** One submission of the simulated night: a county's cumulative precincts at a moment. */
export interface ReplayBatch {
  /** Simulated seconds after polls close. */
  readonly at: number;
  readonly county: string;
  /** Every unit the county has reported so far (cumulative, as counties resend their totals). */
  readonly unitKeys: readonly string[];
  /** How many of them are new in this batch. */
  readonly added: number;
}

/** Options for {@link planNight}. */
export interface NightPlanOptions {
  readonly order: ReplayOrder;
  readonly seed: number;
  /** Simulated length of the night, seconds (default 4 hours). */
  readonly durationSeconds?: number;
  /** A county posts at most this often, simulated seconds (default 10 minutes). */
  readonly tickSeconds?: number;
  /** Counties whose precincts come last in `big-cities-last`. */
  readonly bigCities?: readonly string[];
}

/** The five Alabama counties with the largest cities (Birmingham, Huntsville, Mobile, Montgomery, Tuscaloosa). */
export const ALABAMA_BIG_CITY_COUNTIES = [
  'Jefferson',
  'Madison',
  'Mobile',
  'Montgomery',
  'Tuscaloosa',
];

/**
 * Turns a final precinct file into an election night: units report in the chosen order, spread
 * over the night, and every county posts its cumulative totals in several batches.
 * @example planNight(units, { order: 'random', seed: 1 }).length // a few hundred batches for Alabama
 */
export function planNight(units: readonly ReplayUnit[], options: NightPlanOptions): ReplayBatch[] {
  const random = seededRandom(options.seed);
  const ordered = orderUnits(units, options, random);
  const duration = options.durationSeconds ?? 4 * 3600;
  const tick = options.tickSeconds ?? 600;
  // Unit i reports at a time proportional to its place in the order, with jitter inside its tick.
  const reportTime = ordered.map((_, index) =>
    Math.min(duration, ((index + random()) / ordered.length) * duration),
  );
  const batches: ReplayBatch[] = [];
  const reported = new Map<string, string[]>();
  let next = 0;
  for (let at = tick; next < ordered.length; at += tick) {
    const fresh = new Map<string, number>();
    while (next < ordered.length && (reportTime[next] ?? 0) <= at) {
      const unit = ordered[next++];
      if (unit === undefined) break;
      const list = reported.get(unit.county) ?? [];
      list.push(unit.key);
      reported.set(unit.county, list);
      fresh.set(unit.county, (fresh.get(unit.county) ?? 0) + 1);
    }
    // Counties that post at the same tick do so in a shuffled order, a few seconds apart.
    const counties = shuffle([...fresh.keys()].sort(), random);
    counties.forEach((county, index) => {
      batches.push({
        at: at - tick + ((index + 1) / (counties.length + 1)) * tick,
        county,
        unitKeys: [...(reported.get(county) ?? [])],
        added: fresh.get(county) ?? 0,
      });
    });
  }
  return batches;
}

function orderUnits(
  units: readonly ReplayUnit[],
  options: NightPlanOptions,
  random: () => number,
): ReplayUnit[] {
  const shuffled = shuffle([...units], random);
  switch (options.order) {
    case 'random':
      return shuffled;
    case 'by-county': {
      const counties = shuffle([...new Set(units.map((unit) => unit.county))].sort(), random);
      const rank = new Map(counties.map((county, index) => [county, index]));
      return shuffled.sort((a, b) => (rank.get(a.county) ?? 0) - (rank.get(b.county) ?? 0));
    }
    case 'small-first':
      return shuffled.sort((a, b) => a.votes - b.votes);
    case 'big-cities-last': {
      const big = new Set(
        (options.bigCities ?? ALABAMA_BIG_CITY_COUNTIES).map((name) => name.toLowerCase()),
      );
      return shuffled.sort(
        (a, b) => Number(big.has(a.county.toLowerCase())) - Number(big.has(b.county.toLowerCase())),
      );
    }
    case 'pseudo-last':
      return shuffled.sort((a, b) => Number(a.pseudo) - Number(b.pseudo));
  }
}

/** A seeded PRNG (mulberry32): the same seed always gives the same night. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}
