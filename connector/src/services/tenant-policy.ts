import type { CallPolicy } from '../domain/call-policy.js';
import type { Store } from '../store/store.js';
import type { TenantCallLimits } from './call-limits.js';

/** The tenant's call policy and default call limits together, as the configuration or an admin set them. */
export interface TenantRules {
  readonly callPolicy: CallPolicy;
  readonly callLimits: TenantCallLimits;
}

/** The rules in effect, and where they come from: `admin` (stored in the admin pages) or `config` (none stored). */
export interface EffectivePolicy extends TenantRules {
  readonly source: 'config' | 'admin';
  /** Ms since epoch of the admin's last change; null for the configuration's. */
  readonly updatedAt: number | null;
}

/**
 * The tenant policy in effect: the one an admin stored, else the configuration's (`ALLOWED_COUNTRIES`,
 * `BLOCK_PREMIUM_RATE`, `BLOCK_SHARED_COST`, `CALLS_PER_MINUTE`, `CALLS_PER_DAY`, `CONCURRENT_CALLS`). It is read from
 * the store on every call, never cached, so a change applies to the next resolve and dial, on every instance.
 */
export class TenantPolicy {
  constructor(private readonly deps: { readonly store: Store; readonly configured: TenantRules }) {}

  /** The configuration's rules: what applies while no admin policy is stored, and after a reset. */
  get configured(): TenantRules {
    return this.deps.configured;
  }

  async effective(): Promise<EffectivePolicy> {
    const stored = await this.deps.store.tenantPolicy();
    if (!stored) return { ...this.deps.configured, source: 'config', updatedAt: null };
    return {
      callPolicy: { allowedCountries: stored.allowedCountries, blockPremiumRate: stored.blockPremiumRate, blockSharedCost: stored.blockSharedCost },
      callLimits: { ...stored.limits },
      source: 'admin',
      updatedAt: stored.updatedAt,
    };
  }

  /** The call policy in effect, for the number service. */
  async callPolicy(): Promise<CallPolicy> {
    return (await this.effective()).callPolicy;
  }

  /** The default call limits in effect, for the call limits. */
  async callLimits(): Promise<TenantCallLimits> {
    return (await this.effective()).callLimits;
  }

  /** Stores `rules` as the admin's policy, replacing the configuration's from now on; answers the policy in effect. */
  async replace(rules: TenantRules, now: number): Promise<EffectivePolicy> {
    const { callPolicy, callLimits } = rules;
    await this.deps.store.setTenantPolicy({
      allowedCountries: callPolicy.allowedCountries === null ? null : [...callPolicy.allowedCountries],
      blockPremiumRate: callPolicy.blockPremiumRate,
      blockSharedCost: callPolicy.blockSharedCost,
      limits: { ...callLimits },
      updatedAt: now,
    });
    return this.effective();
  }

  /** Removes the admin's policy, so the configuration's applies again; answers the policy in effect. */
  async reset(): Promise<EffectivePolicy> {
    await this.deps.store.setTenantPolicy(null);
    return this.effective();
  }
}
