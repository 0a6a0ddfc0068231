/**
 * `numerator / denominator` as a decimal string with `places` digits, rounded half up, computed
 * in integers so that display values never drift from the exact counts.
 * @example decimalRatio(21924, 1348720, 4) // '0.0163'
 */
export function decimalRatio(
  numerator: number,
  denominator: number,
  places: number,
): string | null {
  if (denominator === 0) return null;
  const negative = numerator < 0 !== denominator < 0 && numerator !== 0;
  const n = BigInt(Math.abs(numerator));
  const d = BigInt(Math.abs(denominator));
  const scale = 10n ** BigInt(places);
  const scaled = (n * scale * 2n + d) / (d * 2n);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(places, '0');
  const text = places === 0 ? whole.toString() : `${whole.toString()}.${fraction}`;
  return negative && scaled !== 0n ? `-${text}` : text;
}

/**
 * `100 * numerator / denominator` rounded to `places` decimals, as a number for display.
 * @example percent(21924, 1348720, 3) // 1.626
 */
export function percent(numerator: number, denominator: number, places = 2): number | null {
  const text = decimalRatio(numerator * 100, denominator, places);
  return text === null ? null : Number(text);
}
