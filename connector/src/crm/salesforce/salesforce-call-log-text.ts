import type { CallResult } from '../../domain/call-record.js';
import type { CallLog } from '../call-log.js';

/** How a call turned out, in the words an agent reads in `CallDisposition` and the description. */
export const RESULT_WORDS: Readonly<Record<CallResult, string>> = {
  answered: 'Answered',
  'no-answer': 'No answer',
  busy: 'Busy',
  declined: 'Declined',
  cancelled: 'Cancelled',
  failed: 'Failed',
  abandoned: 'Abandoned',
};

/** `Task.Description` holds at most 32,000 characters. */
const DESCRIPTION_LIMIT = 32_000;

/**
 * The Task description: the agent's notes, a blank line, then what the connector knows about the call, one fact per
 * line (`Result: Busy (SIP 486)`, `Transferred to: ...`, `On hold: 1m 5s`). Notes are cut, never the facts, when the
 * whole would pass Salesforce's limit.
 */
export function taskDescription(log: CallLog): string {
  const facts = [`Result: ${RESULT_WORDS[log.result]}${log.sipStatus === null ? '' : ` (SIP ${log.sipStatus})`}`];
  if (log.transferTarget !== null) facts.push(`Transferred to: ${log.transferTarget}`);
  if (log.holdSeconds > 0) facts.push(`On hold: ${durationText(log.holdSeconds)}`);
  const tail = facts.join('\n');
  const notes = log.notes?.trim() ?? '';
  if (notes === '') return tail;
  const room = DESCRIPTION_LIMIT - tail.length - 2;
  return `${notes.length > room ? `${notes.slice(0, room - 3)}...` : notes}\n\n${tail}`;
}

/** `45s`, `3m 12s`, `1h 0m 5s`. */
export function durationText(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h}h ${m}m ${s}s`;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}
