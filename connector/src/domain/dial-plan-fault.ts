import { isSupportedCountry } from 'libphonenumber-js/max';
import type { DialPlan } from './dial-plan.js';

/** A bare DNS host name or dotted IPv4 address: letters, digits, hyphens and dots, no port, user or parameters. */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const BARE_HOST = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/**
 * Says what, if anything, makes a dial plan unable to produce a safe SIP URI.
 *
 * Why: config validates plans at start, but the promise that a Request-URI carries only our host and a `+`/digit user
 * part MUST hold even if a bad plan slips through, so the resolver checks again rather than trusting it.
 * Returns null for a usable plan, otherwise a short admin-facing description of the fault.
 */
export function findDialPlanFault(plan: DialPlan): string | null {
  if (typeof plan.sipDomain !== 'string' || !BARE_HOST.test(plan.sipDomain)) {
    return 'its SIP domain is not a bare host name';
  }
  if (typeof plan.outboundPrefix !== 'string' || !/^[0-9]*$/.test(plan.outboundPrefix)) {
    return 'its outbound prefix is not digits only';
  }
  if (typeof plan.defaultRegion !== 'string' || !isSupportedCountry(plan.defaultRegion)) {
    return 'its default region is not a known country';
  }
  return null;
}
