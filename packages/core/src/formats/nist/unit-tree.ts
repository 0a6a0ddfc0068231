import type { ReportingUnit } from '../../model/reporting-unit.ts';

/** A definition's units as a tree, by position. */
export interface UnitTree {
  /** The position of the unit without a parent (the first one, if there are several). */
  readonly root: number;
  children(unit: number): readonly number[];
  /** The units under `unit` that have no children (itself, when it has none). */
  leaves(unit: number): readonly number[];
  /** The deepest unit enclosing every unit given (the root for none). */
  commonAncestor(units: readonly number[]): number;
}

/**
 * Indexes units by their parent links.
 * @example unitTree(definition.units).children(0) // the counties of the state
 */
export function unitTree(units: readonly ReportingUnit[]): UnitTree {
  const index = new Map(units.map((unit, position) => [unit.id, position]));
  const parent = units.map((unit) =>
    unit.parentId === null ? -1 : (index.get(unit.parentId) ?? -1),
  );
  const children: number[][] = units.map(() => []);
  parent.forEach((p, child) => {
    if (p >= 0) children[p]?.push(child);
  });
  const root = Math.max(0, parent.indexOf(-1));
  const leafCache = new Map<number, readonly number[]>();
  const leaves = (unit: number): readonly number[] => {
    const cached = leafCache.get(unit);
    if (cached !== undefined) return cached;
    const own = children[unit] ?? [];
    const result = own.length === 0 ? [unit] : own.flatMap((child) => leaves(child));
    leafCache.set(unit, result);
    return result;
  };
  const chain = (unit: number): number[] => {
    const out: number[] = [];
    for (let at = unit; at >= 0 && out.length <= units.length; at = parent[at] ?? -1)
      out.unshift(at);
    return out;
  };
  return {
    root,
    children: (unit) => children[unit] ?? [],
    leaves,
    commonAncestor: (list) => {
      if (list.length === 0) return root;
      let common = chain(list[0] ?? root);
      for (const unit of list.slice(1)) {
        const other = chain(unit);
        let same = 0;
        while (same < common.length && same < other.length && common[same] === other[same]) same++;
        common = common.slice(0, same);
        if (common.length <= 1) break;
      }
      return common.at(-1) ?? root;
    },
  };
}
