import assert from 'node:assert/strict';
import { assertCrmAdapter } from '../../connector/src/crm/crm-adapter.js';

describe('CRM adapter registry check', () => {
  const complete = {
    name: 'x',
    maxBatchSize: 1,
    getRecord: async () => null,
    findByPhone: async () => [],
    upsertCallLogs: async () => [],
    ping: async () => {},
    close: async () => {},
  };

  it('accepts an adapter with every verb', () => {
    assert.doesNotThrow(() => assertCrmAdapter(complete));
  });

  it('fails fast at start-up naming the verbs an adapter misses', () => {
    const { findByPhone: _f, ping: _p, ...partial } = complete;
    assert.throws(() => assertCrmAdapter(partial), { message: 'CRM adapter "x" is missing: findByPhone, ping' });
  });

  it('refuses something that is not an adapter at all', () => {
    assert.throws(() => assertCrmAdapter(null), /must be an object with a non-empty name/);
    assert.throws(() => assertCrmAdapter({ ...complete, name: '' }), /must be an object with a non-empty name/);
  });
});
