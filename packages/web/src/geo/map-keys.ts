/** A point on the map that keyboard navigation can move to. */
export interface MapPoint {
  readonly key: string;
  readonly x: number;
  readonly y: number;
}

/** The arrow keys' directions. */
export type Direction = 'up' | 'down' | 'left' | 'right';

const ARROWS: Readonly<Record<string, Direction>> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

/** The direction an arrow key moves in, or null for any other key. */
export function arrowDirection(key: string): Direction | null {
  return ARROWS[key] ?? null;
}

/**
 * The neighbour an arrow key moves to: the nearest point lying that way, where points off to
 * the side count as further away than points straight ahead. Null at the map's edge.
 * @example nextPoint(points, 'jefferson', 'down') // 'shelby'
 */
export function nextPoint(
  points: readonly MapPoint[],
  from: string,
  direction: Direction,
): string | null {
  const origin = points.find((point) => point.key === from);
  if (origin === undefined) return null;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const point of points) {
    if (point.key === from) continue;
    const dx = point.x - origin.x;
    const dy = point.y - origin.y;
    const ahead =
      direction === 'right' ? dx : direction === 'left' ? -dx : direction === 'down' ? dy : -dy;
    const aside = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
    // Only points more ahead than aside (within 45 degrees) are "that way".
    if (ahead <= 0 || aside > ahead) continue;
    const score = ahead + 2 * aside;
    if (score < bestScore) {
      bestScore = score;
      best = point.key;
    }
  }
  return best;
}
