import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashToken } from '../../connector/src/auth/sign-in-key.js';
import { AuditLog } from '../../connector/src/services/audit-log.js';
import { CallLimits } from '../../connector/src/services/call-limits.js';
import { DialGate } from '../../connector/src/services/dial-gate.js';
import type { Resolution } from '../../connector/src/services/number-service.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import type { Agent } from '../../connector/src/store/store.js';

const T0 = Date.parse('2026-11-23T12:00:00.000Z');

const resolution = (policy: Resolution['policy']): Resolution => ({
  kind: 'pstn',
  e164: '+14155552671',
  sipUri: 'sip:+14155552671@pbx.example.test;user=phone',
  extension: null,
  display: '+1 415 555 2671',
  country: 'US',
  numberType: 'FIXED_LINE_OR_MOBILE',
  contact: null,
  policy,
});
const ALLOWED = resolution({ allowed: true });

describe('dial gate', () => {
  let store: SqliteStore;
  let gate: DialGate;
  let maria: Agent;

  beforeEach(async () => {
    store = SqliteStore.open(':memory:');
    await store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: hashToken('k') });
    maria = (await store.agentById('maria'))!;
    // A store that answers dial counts slowly, as a remote database would: racing dials all read before any records.
    const dialCounts = store.dialCounts.bind(store);
    store.dialCounts = async (agentId, now) => {
      const counts = await dialCounts(agentId, now);
      await sleep(5);
      return counts;
    };
    gate = new DialGate({
      store,
      limits: new CallLimits({ store, tenant: { callsPerMinute: 3, callsPerDay: 100, concurrentCalls: 5 } }),
      audit: new AuditLog({ store, now: () => T0 }),
      now: () => T0,
    });
  });
  afterEach(() => store.close());

  it('lets through exactly as many simultaneous dials as the limit allows, and refuses the rest', async () => {
    const verdicts = await Promise.all(Array.from({ length: 8 }, () => gate.admit(maria, ALLOWED)));
    assert.equal(verdicts.filter((r) => r.policy.allowed).length, 3);
    assert.equal((await store.dialCounts('maria', T0)).lastMinute, 3);
    assert.equal((await store.auditLog({ limit: 100 })).length, 5);
  });

  it('passes a policy refusal through unchanged, audits it, and neither checks limits nor counts it', async () => {
    const refused = resolution({ allowed: false, code: 'DO_NOT_CALL', reason: 'This contact asked not to be called.' });
    for (let i = 0; i < 5; i++) assert.deepEqual(await gate.admit(maria, refused), refused);
    assert.equal((await store.dialCounts('maria', T0)).lastDay, 0);
    const entries = await store.auditLog({ limit: 10 });
    assert.equal(entries.length, 5);
    assert.deepEqual({ ...entries[0], id: 0 }, { id: 0, at: T0, actor: 'agent:maria', action: 'call.refused', target: '+14155552671', outcome: 'refused', details: { code: 'DO_NOT_CALL' } });
  });

  it('keeps admitting dials after one fails in the store', async () => {
    const recordDial = store.recordDial.bind(store);
    let fail = true;
    store.recordDial = async (agentId, at) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      return recordDial(agentId, at);
    };
    await assert.rejects(gate.admit(maria, ALLOWED), /disk full/);
    assert.deepEqual((await gate.admit(maria, ALLOWED)).policy, { allowed: true });
  });
});
