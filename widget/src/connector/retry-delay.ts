/** How the event queue waits between failed attempts. */
export interface RetryPolicy {
  /** The first wait; it doubles with each failure in a row. */
  readonly baseMs: number;
  /** No wait is longer, whatever the failures or a `Retry-After`. */
  readonly maxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ baseMs: 1000, maxMs: 60_000 });

/**
 * The wait before attempt `failures + 1`: exponential (`baseMs * 2^failures`, capped at `maxMs`) with "equal jitter"
 * (between half and all of it), so many widgets cut off by one outage do not all come back in the same instant.
 * `random` is `Math.random` outside tests.
 */
export function retryDelay(policy: RetryPolicy, failures: number, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * A `Retry-After` header (RFC 9110: whole seconds, or an HTTP date) as milliseconds from `now`; null when absent or
 * unreadable. Never negative.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Za-z]{3}, /.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
