import type { CallResult } from '../domain/call-record.js';
import type { UsageCounts } from './store.js';
import { USAGE_COUNT_FIELDS } from './usage-counts.js';

/** Each counter of {@link UsageCounts} and its column in `usage_hourly`, in {@link USAGE_COUNT_FIELDS} order (the rollup's row shape). */
export const USAGE_COLUMNS: readonly (readonly [keyof UsageCounts, string])[] = USAGE_COUNT_FIELDS.map(
  (field) => [field, field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] as const,
);

/** The counter each call result adds one to. */
export const RESULT_COUNTER: Readonly<Record<CallResult, keyof UsageCounts>> = {
  answered: 'answered',
  'no-answer': 'noAnswer',
  busy: 'busy',
  declined: 'declined',
  cancelled: 'cancelled',
  failed: 'failed',
  abandoned: 'abandoned',
};

