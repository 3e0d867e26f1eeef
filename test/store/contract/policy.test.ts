import assert from 'node:assert/strict';
import type { Store, StoredTenantPolicy } from '../../../connector/src/store/store.js';
import { describeEachStore } from './store-kinds.js';

const POLICY: StoredTenantPolicy = {
  allowedCountries: ['GB', 'US'],
  blockPremiumRate: true,
  blockSharedCost: false,
  limits: { callsPerMinute: 5, callsPerDay: 400, concurrentCalls: 2 },
  updatedAt: Date.parse('2026-11-23T12:00:00.000Z'),
};

describeEachStore('tenant policy', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });

  it('holds none until an admin sets one, so the configuration’s applies', async () => {
    assert.equal(await store.tenantPolicy(), null);
  });

  it('returns the policy as set, and a later one replaces it', async () => {
    await store.setTenantPolicy(POLICY);
    assert.deepEqual(await store.tenantPolicy(), POLICY);
    const open = { allowedCountries: null, blockPremiumRate: false, blockSharedCost: true, limits: { callsPerMinute: 1_000_000, callsPerDay: 1, concurrentCalls: 9 }, updatedAt: POLICY.updatedAt + 1 };
    await store.setTenantPolicy(open);
    assert.deepEqual(await store.tenantPolicy(), open);
  });

  it('goes back to none when removed', async () => {
    await store.setTenantPolicy(POLICY);
    await store.setTenantPolicy(null);
    assert.equal(await store.tenantPolicy(), null);
    await store.setTenantPolicy(null);
    assert.equal(await store.tenantPolicy(), null);
  });

  it('refuses a limit below one and keeps the policy it had', async () => {
    await store.setTenantPolicy(POLICY);
    await assert.rejects(store.setTenantPolicy({ ...POLICY, limits: { ...POLICY.limits, concurrentCalls: 0 } }), /check constraint/i);
    assert.deepEqual(await store.tenantPolicy(), POLICY);
  });
});
