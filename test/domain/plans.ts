import type { CountryCode } from 'libphonenumber-js';
import type { DialPlan } from '../../connector/src/domain/dial-plan.js';

/** A dial plan for tests: US default region, `user=phone`, no prefix, 3-5 digit extensions, unless overridden. */
export function makePlan(overrides: Partial<DialPlan> = {}): DialPlan {
  return Object.freeze({
    sipDomain: 'pbx.example.com',
    defaultRegion: 'US' as CountryCode,
    userPhone: true,
    outboundPrefix: '',
    internalExtensionLength: { min: 3, max: 5 },
    ...overrides,
  });
}
