import type { CallResult } from '../../domain/call-record.js';
import type { CallLog } from '../call-log.js';
import { callLogFacts } from '../call-log-facts.js';
import { CALL_RESULT_WORDS } from '../call-result-words.js';

/** `hs_call_status` per result. HubSpot has no "declined" (the callee refused: shown as busy) nor "abandoned". */
const CALL_STATUS: Readonly<Record<CallResult, string>> = {
  answered: 'COMPLETED',
  'no-answer': 'NO_ANSWER',
  busy: 'BUSY',
  declined: 'BUSY',
  cancelled: 'CANCELED',
  failed: 'FAILED',
  abandoned: 'FAILED',
};

/** The shared result words, with "abandoned" explained: HubSpot's status for it says only `FAILED`. */
const RESULT_WORDS: Readonly<Record<CallResult, string>> = {
  ...CALL_RESULT_WORDS,
  abandoned: 'Abandoned (the softphone stopped reporting before an answer)',
};

/** A call outcome id: HubSpot's `hs_call_disposition` takes only these (e.g. `f240bbac-87c9-4f6e-bf70-924b57d47db7`). */
const DISPOSITION_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Notes kept in `hs_call_body`: escaped (at most 6 characters each), they stay under HubSpot's 65,536. */
const NOTES_LIMIT = 10_000;

/**
 * The `properties` of one call for `POST /crm/v3/objects/calls/batch/upsert` (every value a string):
 * `hs_timestamp` (ISO start: where the call sits on the timeline), `hs_call_title` (the subject), `hs_call_body`
 * (see `callBody`), `hs_call_direction` (`INBOUND`/`OUTBOUND`), `hs_call_duration` (talk time in ms),
 * `hs_call_status` (see `CALL_STATUS`), `hs_call_from_number`, `hs_call_to_number`, `callIdProperty` (the Call-ID),
 * and only when known: `hs_call_disposition` (the agent's disposition, when it is a HubSpot call outcome GUID) and
 * `hubspot_owner_id` (a numeric owner id). A property the log does not know is left out, never cleared, so an update
 * keeps what a user set in HubSpot.
 */
export function callProperties(log: CallLog, callIdProperty: string): Record<string, string> {
  const properties: Record<string, string> = {
    hs_timestamp: new Date(log.startedAt).toISOString(),
    hs_call_title: log.subject,
    hs_call_body: callBody(log),
    hs_call_direction: log.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
    hs_call_duration: String(Math.max(0, Math.round(log.durationSeconds)) * 1000),
    hs_call_status: CALL_STATUS[log.result],
    hs_call_from_number: log.from,
    hs_call_to_number: log.to,
    [callIdProperty]: log.callId,
  };
  const disposition = log.disposition?.trim() ?? '';
  if (DISPOSITION_GUID.test(disposition)) properties.hs_call_disposition = disposition.toLowerCase();
  if (log.ownerCrmId !== null && /^\d{1,20}$/.test(log.ownerCrmId)) properties.hubspot_owner_id = log.ownerCrmId;
  return properties;
}

/**
 * `hs_call_body` as HTML (HubSpot renders it as rich text, so plain line breaks would collapse): the agent's notes,
 * escaped, then one fact per line: `Result: Busy (SIP 486)`, `Disposition: ...` when the disposition is our own text
 * rather than a HubSpot outcome GUID (HubSpot would reject it in `hs_call_disposition`), `Transferred to: ...`,
 * `On hold: 1m 5s`. Notes are cut, never the facts.
 */
export function callBody(log: CallLog): string {
  const disposition = log.disposition?.trim() ?? '';
  const ownText = disposition !== '' && !DISPOSITION_GUID.test(disposition);
  const facts = callLogFacts(log, { resultWords: RESULT_WORDS, disposition: ownText ? disposition : undefined });
  const tail = facts.map(html).join('<br>');
  const notes = log.notes?.trim() ?? '';
  if (notes === '') return tail;
  const clipped = notes.length > NOTES_LIMIT ? `${notes.slice(0, NOTES_LIMIT)}...` : notes;
  return `${html(clipped)}<br><br>${tail}`;
}

function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r?\n/g, '<br>');
}
