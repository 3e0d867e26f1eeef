import type { CallResult } from './call-record.js';

/** Final responses whose meaning is more than "the call failed" (RFC 3261 section 21, RFC 3398 section 8.2.6.1). */
const SPECIFIC: Readonly<Record<number, CallResult>> = Object.freeze({
  408: 'no-answer', // Request Timeout: nobody answered before the INVITE timed out (Q.850 102, recovery on timer)
  480: 'no-answer', // Temporarily Unavailable: reached but not answering, do-not-disturb (Q.850 18)
  486: 'busy', // Busy Here (Q.850 17, user busy)
  600: 'busy', // Busy Everywhere (Q.850 17)
  487: 'cancelled', // Request Terminated: the caller's CANCEL ended the INVITE before answer
  603: 'declined', // Decline: the callee refused (Q.850 21, call rejected)
  607: 'declined', // Unwanted (RFC 8197): the called party marked the call unwanted
});

/**
 * What the final SIP response to a call's INVITE says about how the call turned out, or null when `status` is not a
 * final response (1xx, or not an integer from 100 to 699) and so says nothing.
 *
 * - 2xx: `answered`.
 * - 408, 480: `no-answer`; 486, 600: `busy`; 487: `cancelled`; 603, 607: `declined`.
 * - Every other 3xx-6xx: `failed`. That includes the responses RFC 3398 maps to "call rejected" (401, 402, 403, 407)
 *   and 608 Rejected (RFC 8688): they come from the network or a call-blocking service refusing the caller, not from
 *   a person declining, so a CRM should not show them as the contact's choice. 3xx lands here too: a redirect the
 *   phone did not follow reached nobody. 404, 410, 484, 485, 604 (no such number), 5xx and 606 are failures outright.
 */
export function resultFromSip(status: number): CallResult | null {
  if (!Number.isInteger(status) || status < 200 || status > 699) {
    return null;
  }
  if (status < 300) {
    return 'answered';
  }
  return SPECIFIC[status] ?? 'failed';
}
