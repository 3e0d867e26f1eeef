import type { EndCause } from './call-event.js';
import type { CallResult } from './call-record.js';
import { resultFromSip } from './result-from-sip.js';

/**
 * How an ended call turned out, from whether it was answered and from its `ended` event.
 *
 * - An answered call is `answered` whatever the cause: a hang-up by either side, or `heartbeat-timeout` (the widget
 *   went silent mid-call, but the talk happened).
 * - Otherwise the cause decides: `cancelled`, `busy`, `no-answer`, `declined` map to themselves, `heartbeat-timeout`
 *   (the widget went silent before answer) to `abandoned`.
 * - `failed` (or a cause this version does not know) is refined by `sipStatus` when the response says more, e.g. a
 *   `failed` with 486 is `busy` (see {@link resultFromSip}); it stays `failed` when the status says nothing more or
 *   is a 2xx (the INVITE succeeded, then something else failed, such as media, and no `answered` was seen).
 * - `hangup` without an `answered` event: `hangup` promises an established call, so the `answered` event was lost;
 *   the call is `answered` unless the status says otherwise (a 487 hang-up is `cancelled`).
 * MUST NOT throw.
 */
export function resultFromEnd(end: {
  readonly answered: boolean;
  readonly cause: EndCause;
  readonly sipStatus: number | null;
}): CallResult {
  if (end.answered) {
    return 'answered';
  }
  const fromSip = end.sipStatus === null ? null : resultFromSip(end.sipStatus);
  switch (end.cause) {
    case 'cancelled':
    case 'busy':
    case 'no-answer':
    case 'declined':
      return end.cause;
    case 'heartbeat-timeout':
      return 'abandoned';
    case 'hangup':
      return fromSip ?? 'answered';
    case 'failed':
    default:
      return fromSip === null || fromSip === 'answered' ? 'failed' : fromSip;
  }
}
