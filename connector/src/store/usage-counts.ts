import type { UsageCounts } from './store.js';

/** Usage counts being summed. */
export type MutableUsageCounts = { -readonly [K in keyof UsageCounts]: number };

/** Every counter of {@link UsageCounts}, in one fixed order (the order the rollups' columns are listed in). */
export const USAGE_COUNT_FIELDS: readonly (keyof UsageCounts)[] = [
  'calls',
  'inbound',
  'outbound',
  'answered',
  'noAnswer',
  'busy',
  'declined',
  'cancelled',
  'failed',
  'abandoned',
  'talkSeconds',
  'holdSeconds',
  'handleSeconds',
];

/** All counters zero, to sum into. */
export function zeroCounts(): MutableUsageCounts {
  return Object.fromEntries(USAGE_COUNT_FIELDS.map((field) => [field, 0])) as MutableUsageCounts;
}

/** All counters zero, for a day or hour without calls. */
export const ZERO_COUNTS: UsageCounts = Object.freeze(zeroCounts());

/** The order ids and codes are listed in: by UTF-16 code units, as SQLite's BINARY collation sorts them. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
