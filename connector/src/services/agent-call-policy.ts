import { checkCallPolicy, type CallPolicy, type PolicyVerdict } from '../domain/call-policy.js';
import { describeRegion } from '../domain/describe-region.js';
import type { SipTarget } from '../domain/sip-target.js';

/**
 * The tenant's call policy narrowed by one agent's allowed countries: an agent's list can only take countries away
 * (it is intersected with the tenant's), never add one the tenant refuses. Null keeps the tenant's list.
 */
export function narrowCallPolicy(tenant: CallPolicy, agentCountries: readonly string[] | null): CallPolicy {
  if (agentCountries === null) return tenant;
  const own = agentCountries.map((code) => code.toUpperCase());
  if (tenant.allowedCountries === null) return { ...tenant, allowedCountries: own };
  const tenantCountries = new Set(tenant.allowedCountries.map((code) => code.trim().toUpperCase()));
  return { ...tenant, allowedCountries: own.filter((code) => tenantCountries.has(code)) };
}

/**
 * {@link checkCallPolicy} for one agent. When only the agent's own country list refuses a number, the reason says so,
 * so the agent asks an admin about its profile rather than about the team's policy.
 */
export function checkAgentCallPolicy(args: {
  readonly target: SipTarget;
  readonly tenant: CallPolicy;
  readonly agentCountries: readonly string[] | null;
  readonly doNotCall: boolean;
}): PolicyVerdict {
  const { target, tenant, agentCountries, doNotCall } = args;
  const verdict = checkCallPolicy({ target, policy: narrowCallPolicy(tenant, agentCountries), doNotCall });
  if (verdict.allowed || verdict.code !== 'COUNTRY_NOT_ALLOWED' || agentCountries === null) return verdict;
  if (!checkCallPolicy({ target, policy: tenant, doNotCall }).allowed) return verdict;
  const where = target.country === null ? `${target.display}, a number that belongs to no country` : describeRegion(target.country);
  return Object.freeze({
    allowed: false,
    code: 'COUNTRY_NOT_ALLOWED',
    reason: `Your agent profile does not allow calls to ${where}; ask an admin if you need to call there.`,
  });
}
