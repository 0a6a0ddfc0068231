/**
 * An integer with thousands separators, independent of the runtime's locale data.
 * @example groupDigits(1348720n) // '1,348,720'
 */
export function groupDigits(value: bigint | number): string {
  const text = BigInt(value).toString();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? `-${grouped}` : grouped;
}
