import type { CallResult } from '../domain/call-record.js';
import type { CallLog } from './call-log.js';
import { CALL_RESULT_WORDS } from './call-result-words.js';
import { formatTalkTime } from '../domain/call-log-subject.js';

/**
 * What the connector knows about a call, one fact per line, in this order, for the text body of a CRM activity:
 * `Result: Busy (SIP 486)` (always; in `resultWords`), `Disposition: ...` (only when `disposition` is given: a
 * disposition the CRM has no field for), `Transferred to: ...` (when transferred), `On hold: 1m 5s` (when held). The
 * lines are plain text; the adapter joins and escapes them for its CRM, and cuts the notes, never these facts.
 */
export function callLogFacts(
  log: CallLog,
  options: { readonly resultWords?: Readonly<Record<CallResult, string>>; readonly disposition?: string } = {},
): string[] {
  const words = options.resultWords ?? CALL_RESULT_WORDS;
  const facts = [`Result: ${words[log.result]}${log.sipStatus === null ? '' : ` (SIP ${log.sipStatus})`}`];
  if (options.disposition !== undefined) facts.push(`Disposition: ${options.disposition}`);
  if (log.transferTarget !== null) facts.push(`Transferred to: ${log.transferTarget}`);
  if (log.holdSeconds > 0) facts.push(`On hold: ${formatTalkTime(log.holdSeconds)}`);
  return facts;
}
