import type { DialPlan } from './dial-plan.js';

/** The only user parts this module ever writes: an optional `+`, then digits. */
const SAFE_USER = /^\+?[0-9]+$/;

/**
 * Writes the Request-URI for a telephone number (`+14155552671`): `sip:+14155552671@domain`, or with an outbound
 * prefix `sip:914155552671@domain`, plus `;user=phone` when the plan asks for it.
 *
 * The caller MUST have checked the plan with `findDialPlanFault`. Throws if the user part would hold anything but
 * `+` and digits, so a bug upstream can never turn into a URI with parameters or another host.
 */
export function pstnSipUri(e164: string, plan: DialPlan): string {
  const user = plan.outboundPrefix === '' ? e164 : plan.outboundPrefix + e164.replace(/^\+/, '');
  return `${sipUri(user, plan)}${plan.userPhone ? ';user=phone' : ''}`;
}

/**
 * Writes the Request-URI for an internal extension: `sip:204@domain`, never with `user=phone` (the user part is a
 * PBX account, not a telephone number). Same guarantee as {@link pstnSipUri}.
 */
export function internalSipUri(extension: string, plan: DialPlan): string {
  return sipUri(extension, plan);
}

function sipUri(user: string, plan: DialPlan): string {
  if (!SAFE_USER.test(user)) {
    throw new Error('refusing to write a SIP URI whose user part is not a number');
  }
  return `sip:${user}@${plan.sipDomain}`;
}
