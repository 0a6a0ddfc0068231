/** How retries are spaced. */
export interface RetryPolicy {
  /** Delay after the first failure, in milliseconds; each later failure doubles it. */
  readonly baseMs: number;
  /** The longest delay between two attempts. */
  readonly maxMs: number;
  /** Attempts before a delivery is marked failed. */
  readonly maxAttempts: number;
}

/** Eighteen attempts over about a day: 10 s, 20 s, 40 s, ... then hourly. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 10_000,
  maxMs: 3_600_000,
  maxAttempts: 18,
};

/**
 * The delay before the next attempt after `failures` failed ones (1 or more): exponential, capped,
 * plus up to 10% random jitter so that many endpoints failing together do not retry together.
 * @example retryDelay(3, DEFAULT_RETRY_POLICY) // between 40 000 and 44 000
 */
export function retryDelay(failures: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 40);
  const delay = Math.min(exponential, policy.maxMs);
  return Math.round(delay * (1 + 0.1 * random()));
}
