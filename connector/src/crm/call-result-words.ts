import type { CallResult } from '../domain/call-record.js';

/** How a call turned out, in the words an agent reads in a CRM activity; an adapter may override a word for its CRM. */
export const CALL_RESULT_WORDS: Readonly<Record<CallResult, string>> = {
  answered: 'Answered',
  'no-answer': 'No answer',
  busy: 'Busy',
  declined: 'Declined',
  cancelled: 'Cancelled',
  failed: 'Failed',
  abandoned: 'Abandoned',
};
