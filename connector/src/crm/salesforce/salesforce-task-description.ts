import type { CallLog } from '../call-log.js';
import { callLogFacts } from '../call-log-facts.js';

/** `Task.Description` holds at most 32,000 characters. */
const DESCRIPTION_LIMIT = 32_000;

/**
 * The Task description: the agent's notes, a blank line, then what the connector knows about the call, one fact per
 * line (see `callLogFacts`). Notes are cut, never the facts, when the whole would pass Salesforce's limit.
 */
export function taskDescription(log: CallLog): string {
  const tail = callLogFacts(log).join('\n');
  const notes = log.notes?.trim() ?? '';
  if (notes === '') return tail;
  const room = DESCRIPTION_LIMIT - tail.length - 2;
  return `${notes.length > room ? `${notes.slice(0, room - 3)}...` : notes}\n\n${tail}`;
}
