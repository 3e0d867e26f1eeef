import { Constants } from '@hubspot/calling-extensions-sdk';
import type { EndStatus } from '@hubspot/calling-extensions-sdk';
import type { EndCause } from '../../phone/call-state.js';
import type { PhoneCallView } from '../../phone/phone-call.js';

const { INTERNAL_BUSY, INTERNAL_CANCELED, INTERNAL_COMPLETED, INTERNAL_FAILED, INTERNAL_NO_ANSWER } = Constants.callEndStatus;

/**
 * HubSpot's end status for each of our end causes. HubSpot has no "declined": like the connector's call log, a
 * refused call shows as busy.
 */
const BY_CAUSE: Readonly<Record<EndCause, string>> = {
  hangup: INTERNAL_COMPLETED,
  cancelled: INTERNAL_CANCELED,
  busy: INTERNAL_BUSY,
  declined: INTERNAL_BUSY,
  'no-answer': INTERNAL_NO_ANSWER,
  failed: INTERNAL_FAILED,
};

/** The SDK types `MISSED` but exports no constant for it: an inbound call nobody answered. */
const MISSED: EndStatus = 'MISSED';

/**
 * `callEndStatus` for `callEnded`. A call seen without its end (the widget stopping mid-call) counts as completed
 * once answered, cancelled before.
 */
export function hubSpotEndStatus(call: PhoneCallView): EndStatus {
  const end = call.end;
  if (end === null) return (call.answeredAt !== null ? INTERNAL_COMPLETED : INTERNAL_CANCELED) as EndStatus;
  if (call.direction === 'inbound' && call.answeredAt === null && (end.cause === 'cancelled' || end.cause === 'no-answer')) {
    return MISSED;
  }
  return BY_CAUSE[end.cause] as EndStatus;
}
