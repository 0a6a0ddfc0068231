/** How a computed output relates to the recorded one. */
export type Comparison =
  | { readonly kind: 'exact' }
  | { readonly kind: 'tolerance'; readonly worst: number }
  | { readonly kind: 'mismatch'; readonly path: string; readonly detail: string };

/**
 * Compares a computed output with a recorded one: integers, strings, booleans and nulls exactly,
 * other numbers within `relTol` (relative). A recorded `{decimal, float}` compares by its value.
 * Non-finite floats may be recorded as the strings "Infinity" / "NaN".
 * @example compareOutput({ p: 0.1 }, { p: 0.1 + 1e-17 }, 1e-9).kind // 'tolerance' or 'exact'
 */
export function compareOutput(expected: unknown, actual: unknown, relTol: number): Comparison {
  let worst = 0;
  const walk = (e: unknown, a: unknown, path: string): string | undefined => {
    const en = asNumber(e);
    const an = asNumber(a);
    if (en !== undefined && an !== undefined) {
      if (Object.is(en, an) || en === an) return undefined;
      if (Number.isNaN(en) && Number.isNaN(an)) return undefined;
      if (Number.isInteger(en) && Number.isInteger(an) && !isDecimal(e))
        return `${String(an)} ≠ ${String(en)}`;
      const rel = Math.abs(an - en) / Math.max(Math.abs(en), Number.MIN_VALUE);
      if (!(rel <= relTol)) return `${String(an)} vs ${String(en)} (rel ${rel.toExponential(2)})`;
      worst = Math.max(worst, rel);
      return undefined;
    }
    if (Array.isArray(e)) {
      if (!Array.isArray(a)) return 'expected an array';
      if (a.length !== e.length) return `length ${String(a.length)} ≠ ${String(e.length)}`;
      for (let i = 0; i < e.length; i++) {
        const d = walk(e[i], a[i], `${path}[${String(i)}]`);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    if (typeof e === 'object' && e !== null) {
      if (typeof a !== 'object' || a === null || Array.isArray(a)) return 'expected an object';
      const eo = e as Record<string, unknown>;
      const ao = a as Record<string, unknown>;
      const keys = new Set([...Object.keys(eo), ...Object.keys(ao)]);
      for (const k of keys) {
        if (!(k in ao)) return `missing key ${k}`;
        if (!(k in eo)) return `extra key ${k}`;
        const d = walk(eo[k], ao[k], `${path}.${k}`);
        if (d !== undefined) return `${k}: ${d}`;
      }
      return undefined;
    }
    return e === a ? undefined : `${JSON.stringify(a)} ≠ ${JSON.stringify(e)}`;
  };
  const detail = walk(expected, actual, '');
  if (detail !== undefined) return { kind: 'mismatch', path: '', detail };
  return worst === 0 ? { kind: 'exact' } : { kind: 'tolerance', worst };
}

function isDecimal(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'decimal' in v;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === 'NaN') return Number.NaN;
  if (isDecimal(v)) {
    const d = v as { decimal: unknown; float?: unknown };
    if (typeof d.float === 'number') return d.float;
    return asNumber(d.decimal) ?? (typeof d.decimal === 'string' ? Number(d.decimal) : undefined);
  }
  return undefined;
}
