import parsePhoneNumber from 'libphonenumber-js/max';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { describeRegion } from './describe-region.js';
import type { SipTarget } from './sip-target.js';

/** A team's rules for which numbers its agents may call. Validated by config, then passed in frozen. */
export interface CallPolicy {
  /** ISO 3166-1 alpha-2 countries agents may call (any letter case); null allows every country. */
  readonly allowedCountries: readonly string[] | null;
  /** Refuse numbers libphonenumber types as `PREMIUM_RATE` (UK 09xx and 084x/087x, US 900, ...). */
  readonly blockPremiumRate: boolean;
  /** Refuse numbers libphonenumber types as `SHARED_COST` (France 081x/082x, ...). */
  readonly blockSharedCost: boolean;
}

/** Stable codes for a refused call; `reason` in {@link PolicyVerdict} is the agent-facing text. */
export type PolicyRefusalCode = 'DO_NOT_CALL' | 'COUNTRY_NOT_ALLOWED' | 'PREMIUM_RATE' | 'SHARED_COST';

/** Whether a call may be placed, and if not, why in one sentence an agent understands. */
export type PolicyVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: PolicyRefusalCode; readonly reason: string };

const ALLOWED: PolicyVerdict = Object.freeze({ allowed: true });

/**
 * Decides whether an agent may call a resolved target.
 *
 * Checks run in this order and the first refusal wins:
 * 1. Do-Not-Call on the record refuses every call, internal extensions included: the contact's wish outranks routing.
 * 2. Internal extensions are then always allowed: they cost nothing and have no country or tariff.
 * 3. With a country list, a number outside it is refused, and so is a non-geographic number (`+800`, `+882`, country
 *    null), because no list can name it.
 * 4. Premium-rate, then shared-cost numbers, when the policy blocks them.
 * MUST NOT throw for arguments of the declared types.
 */
export function checkCallPolicy(args: {
  readonly target: SipTarget;
  readonly policy: CallPolicy;
  readonly doNotCall: boolean;
}): PolicyVerdict {
  const { target, policy, doNotCall } = args;
  if (doNotCall) {
    return refuse('DO_NOT_CALL', 'This contact asked not to be called (Do Not Call is set in the CRM).');
  }
  if (target.kind === 'internal') {
    return ALLOWED;
  }
  if (policy.allowedCountries !== null) {
    const allowed = new Set(policy.allowedCountries.map((code) => String(code).trim().toUpperCase()));
    if (target.country === null) {
      return refuse('COUNTRY_NOT_ALLOWED', nonGeographicReason(target));
    }
    if (!allowed.has(target.country)) {
      const reason = `Calls to ${regionName(target.country)} are not allowed by your team's call policy.`;
      return refuse('COUNTRY_NOT_ALLOWED', reason);
    }
  }
  if (policy.blockPremiumRate && target.numberType === 'PREMIUM_RATE') {
    return refuse('PREMIUM_RATE', tariffReason(target, 'premium-rate'));
  }
  if (policy.blockSharedCost && target.numberType === 'SHARED_COST') {
    return refuse('SHARED_COST', tariffReason(target, 'shared-cost'));
  }
  return ALLOWED;
}

function nonGeographicReason(target: SipTarget): string {
  const callingCode = target.e164 === null ? undefined : parsePhoneNumber(target.e164)?.countryCallingCode;
  const numbers =
    callingCode === undefined
      ? 'Numbers that belong to no country'
      : `+${callingCode} numbers belong to no country, so they`;
  return `${numbers} cannot be called: your team's call policy only allows calls to the countries it lists.`;
}

function tariffReason(target: SipTarget, tariff: 'premium-rate' | 'shared-cost'): string {
  return `${target.display} is a ${tariff} number, and your team's call policy blocks ${tariff} calls.`;
}

function regionName(country: string): string {
  return isSupportedCountry(country) ? describeRegion(country) : country;
}

function refuse(code: PolicyRefusalCode, reason: string): PolicyVerdict {
  return Object.freeze({ allowed: false, code, reason });
}
