import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CallDirection } from './call-event.js';
import type { CallResult } from './call-record.js';

/** Longest party text a subject repeats: CRM subjects are short (a Salesforce Task Subject holds 255 characters). */
const MAX_PARTY = 80;

const E164 = /^\+[1-9][0-9]{6,14}$/;

/** Control, format and line/paragraph separator characters: never in a one-line subject. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

const RESULT_TEXT: Readonly<Record<CallResult, string>> = Object.freeze({
  answered: 'answered',
  'no-answer': 'no answer',
  busy: 'busy',
  declined: 'declined',
  cancelled: 'cancelled',
  failed: 'failed',
  abandoned: 'abandoned',
});

/**
 * The one-line timeline title of a finished call: `Outbound call to +1 415 555 2671 — answered, 3m 12s`,
 * `Inbound call from +44 20 7946 0958 — no answer`.
 *
 * The other party is the callee of an outbound call and the caller of an inbound one. An E.164 number is shown in
 * international format; anything else (SIP URI, extension, `anonymous`) as it is, without control characters and cut
 * to {@link MAX_PARTY} characters; an empty one as `an unknown number`. Talk time is shown for answered calls only.
 */
export function callLogSubject(call: {
  readonly direction: CallDirection;
  readonly from: string;
  readonly to: string;
  readonly result: CallResult;
  readonly talkSeconds: number;
}): string {
  const outbound = call.direction === 'outbound';
  const party = displayParty(outbound ? call.to : call.from);
  const head = outbound ? `Outbound call to ${party}` : `Inbound call from ${party}`;
  const outcome =
    call.result === 'answered' ? `answered, ${formatTalkTime(call.talkSeconds)}` : RESULT_TEXT[call.result];
  return `${head} — ${outcome}`;
}

/** `45s`, `3m 12s`, `1h 0m 5s`: whole seconds, every unit below the largest one shown. */
export function formatTalkTime(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.round(seconds)) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m ${s}s`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

function displayParty(raw: string): string {
  const text = raw.replace(INVISIBLE, '').trim();
  if (text === '') {
    return 'an unknown number';
  }
  if (E164.test(text)) {
    const formatted = parsePhoneNumberFromString(text)?.formatInternational();
    if (formatted !== undefined) return formatted;
  }
  const chars = Array.from(text);
  return chars.length > MAX_PARTY ? `${chars.slice(0, MAX_PARTY - 1).join('')}…` : text;
}
