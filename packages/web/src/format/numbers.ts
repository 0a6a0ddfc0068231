const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** 673352 -> "673,352". */
export function formatVotes(votes: number): string {
  return integer.format(votes);
}

/** 49.9712 -> "50.0%"; null -> "–". */
export function formatShare(share: number | null): string {
  return share === null ? '–' : `${oneDecimal.format(share)}%`;
}

/** 1.664 -> "1.7"; the unit ("points") is added by the caller where it reads better. */
export function formatPoints(points: number): string {
  return oneDecimal.format(points);
}

/** "1 precinct" / "2,101 precincts". */
export function plural(count: number, one: string, many: string): string {
  return `${formatVotes(count)} ${count === 1 ? one : many}`;
}

/**
 * A timestamp in the reader's time zone: the time alone when it is today ("9:42:10 PM"), with
 * the date otherwise ("Dec 12, 2017, 9:42 PM"), so an old page never passes for a fresh one.
 */
export function formatTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString('en-US', {
      hour: 'numeric',
      minute: '2-digit',
      second: '2-digit',
    });
  }
  return date.toLocaleString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "2017-12-12" -> "December 12, 2017" (read as a calendar date, not shifted by time zone). */
export function formatDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  if (year === undefined || month === undefined || date === undefined) return day;
  return new Date(Date.UTC(year, month - 1, date)).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}

/** Title-cases a shouting source name ("UNITED STATES SENATOR" -> "United States Senator"); leaves mixed case alone. */
export function displayName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/\b([a-z])/g, (letter) => letter.toUpperCase());
}
