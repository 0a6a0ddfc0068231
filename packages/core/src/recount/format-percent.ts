import { compareRationals, parsePercent, type Rational } from './rational.ts';

/**
 * `100 * value` as a decimal string with `places` digits, rounded half up, from integers only.
 * @example percentText({ num: 21924n, den: 1348720n }, 2) // '1.63'
 */
export function percentText(value: Rational, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = (value.num * 100n * scale * 2n + value.den) / (value.den * 2n);
  const whole = (scaled / scale).toString();
  return places === 0 ? whole : `${whole}.${(scaled % scale).toString().padStart(places, '0')}`;
}

/**
 * A share shown next to a statutory percentage: two decimals, or more when two decimals would
 * show it equal to the percentage it differs from (0.5012% is not "0.50% > 0.5%").
 * @example percentBeside({ num: 12n, den: 2302n }, '0.5') // '0.52'
 */
export function percentBeside(value: Rational, against: string): string {
  const target = parsePercent(against);
  for (let places = 2; places < 8; places += 1) {
    const text = percentText(value, places);
    const shown = parsePercent(text);
    if (target === null || shown === null) return text;
    const sameShown = compareRationals(shown, target) === 0;
    const sameExact = compareRationals(value, target) === 0;
    if (!sameShown || sameExact) return text;
  }
  return percentText(value, 8);
}
