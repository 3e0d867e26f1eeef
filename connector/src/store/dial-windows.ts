/**
 * The windows an agent's dials are counted over (`DialCounts.lastMinute`, `lastDay`), in ms. A dial older than the
 * longest (`day`) is never read again, so a store MAY forget it.
 */
export const DIAL_WINDOWS = Object.freeze({ minuteMs: 60_000, dayMs: 24 * 60 * 60_000 });
