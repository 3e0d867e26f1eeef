import assert from 'node:assert/strict';
import { checkCallPolicy } from '../../connector/src/domain/call-policy.js';
import type { CallPolicy, PolicyVerdict } from '../../connector/src/domain/call-policy.js';
import { resolveTarget } from '../../connector/src/domain/resolve-target.js';
import type { SipTarget } from '../../connector/src/domain/sip-target.js';
import { makePlan } from './plans.js';

const OPEN: CallPolicy = { allowedCountries: null, blockPremiumRate: false, blockSharedCost: false };
const STRICT: CallPolicy = { allowedCountries: ['US', 'GB', 'FR'], blockPremiumRate: true, blockSharedCost: true };

function resolved(input: string, region: string | null = null): SipTarget {
  const result = resolveTarget(input, makePlan(), { region });
  assert.ok(result.ok, result.ok ? '' : result.problem.message);
  return result.target;
}

function check(target: SipTarget, policy: CallPolicy, doNotCall = false): PolicyVerdict {
  return checkCallPolicy({ target, policy, doNotCall });
}

function refusal(verdict: PolicyVerdict): { code: string; reason: string } {
  assert.ok(!verdict.allowed, 'expected a refusal');
  return { code: verdict.code, reason: verdict.reason };
}

const SAN_FRANCISCO = resolved('+1 415 555 2671');
const BERLIN = resolved('+49 30 901820');
const UK_PREMIUM = resolved('0909 879 0000', 'GB');
const UK_SERVICE_CHARGE = resolved('0845 464 0000', 'GB');
const US_PREMIUM = resolved('1 900 555 1234');
const FR_SHARED_COST = resolved('0810 12 34 56', 'FR');
const INTERNATIONAL_FREEPHONE = resolved('+800 1234 5678');
const SATELLITE = resolved('+882 342 1234');
const EXTENSION = resolved('204');

describe('checkCallPolicy', () => {
  it('allows an ordinary number under an open policy', () => {
    assert.deepEqual(check(SAN_FRANCISCO, OPEN), { allowed: true });
  });

  it('allows an ordinary number in a listed country under a strict policy', () => {
    assert.deepEqual(check(SAN_FRANCISCO, STRICT), { allowed: true });
  });

  describe('Do Not Call', () => {
    it('refuses a contact who asked not to be called', () => {
      const { code, reason } = refusal(check(SAN_FRANCISCO, OPEN, true));
      assert.equal(code, 'DO_NOT_CALL');
      assert.equal(reason, 'This contact asked not to be called (Do Not Call is set in the CRM).');
    });

    it('wins over every other refusal', () => {
      for (const target of [BERLIN, UK_PREMIUM, FR_SHARED_COST, INTERNATIONAL_FREEPHONE]) {
        assert.equal(refusal(check(target, STRICT, true)).code, 'DO_NOT_CALL', target.display);
      }
    });

    it('applies to internal extensions too', () => {
      assert.equal(refusal(check(EXTENSION, OPEN, true)).code, 'DO_NOT_CALL');
    });
  });

  describe('allowed countries', () => {
    it('refuses a country that is not listed, naming it and its calling code', () => {
      const { code, reason } = refusal(check(BERLIN, STRICT));
      assert.equal(code, 'COUNTRY_NOT_ALLOWED');
      assert.equal(reason, "Calls to Germany (+49) are not allowed by your team's call policy.");
    });

    it('compares country codes regardless of letter case', () => {
      const policy: CallPolicy = { ...OPEN, allowedCountries: ['de', ' us '] };
      assert.deepEqual(check(BERLIN, policy), { allowed: true });
      assert.deepEqual(check(SAN_FRANCISCO, policy), { allowed: true });
    });

    it('refuses every number when the list is empty', () => {
      const policy: CallPolicy = { ...OPEN, allowedCountries: [] };
      assert.equal(refusal(check(SAN_FRANCISCO, policy)).code, 'COUNTRY_NOT_ALLOWED');
    });

    it('refuses non-geographic numbers when countries are listed, and says why', () => {
      for (const [target, callingCode] of [[INTERNATIONAL_FREEPHONE, '+800'], [SATELLITE, '+882']] as const) {
        assert.equal(target.country, null);
        const { code, reason } = refusal(check(target, STRICT));
        assert.equal(code, 'COUNTRY_NOT_ALLOWED');
        assert.match(reason, new RegExp(`^\\${callingCode} numbers belong to no country`));
        assert.match(reason, /only allows calls to the countries it lists/);
      }
    });

    it('allows non-geographic numbers when any country may be called', () => {
      assert.deepEqual(check(INTERNATIONAL_FREEPHONE, OPEN), { allowed: true });
    });

    it('is checked before the tariff', () => {
      const policy: CallPolicy = { ...STRICT, allowedCountries: ['US'] };
      assert.equal(refusal(check(UK_PREMIUM, policy)).code, 'COUNTRY_NOT_ALLOWED');
    });
  });

  describe('premium rate', () => {
    const policy: CallPolicy = { ...OPEN, blockPremiumRate: true };

    it('refuses UK 09xx, UK 084x/087x (premium in libphonenumber) and US 900 numbers', () => {
      for (const target of [UK_PREMIUM, UK_SERVICE_CHARGE, US_PREMIUM]) {
        assert.equal(target.numberType, 'PREMIUM_RATE');
        assert.equal(refusal(check(target, policy)).code, 'PREMIUM_RATE', target.display);
      }
    });

    it('names the number in the reason', () => {
      const { reason } = refusal(check(UK_PREMIUM, policy));
      assert.equal(
        reason,
        "+44 909 879 0000 is a premium-rate number, and your team's call policy blocks premium-rate calls.",
      );
    });

    it('allows premium-rate numbers when the policy does not block them', () => {
      assert.deepEqual(check(UK_PREMIUM, OPEN), { allowed: true });
    });

    it('does not treat shared-cost numbers as premium', () => {
      assert.deepEqual(check(FR_SHARED_COST, policy), { allowed: true });
    });
  });

  describe('shared cost', () => {
    const policy: CallPolicy = { ...OPEN, blockSharedCost: true };

    it('refuses a French 0810 number and names it', () => {
      assert.equal(FR_SHARED_COST.numberType, 'SHARED_COST');
      const { code, reason } = refusal(check(FR_SHARED_COST, policy));
      assert.equal(code, 'SHARED_COST');
      assert.equal(
        reason,
        "+33 810 12 34 56 is a shared-cost number, and your team's call policy blocks shared-cost calls.",
      );
    });

    it('allows shared-cost numbers when the policy does not block them', () => {
      assert.deepEqual(check(FR_SHARED_COST, OPEN), { allowed: true });
    });

    it('does not treat premium-rate numbers as shared cost', () => {
      assert.deepEqual(check(UK_PREMIUM, policy), { allowed: true });
    });
  });

  describe('internal extensions', () => {
    it('are never refused for country or tariff reasons', () => {
      const lockedDown: CallPolicy = { allowedCountries: [], blockPremiumRate: true, blockSharedCost: true };
      assert.deepEqual(check(EXTENSION, lockedDown), { allowed: true });
    });
  });
});
