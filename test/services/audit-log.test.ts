import assert from 'node:assert/strict';
import { AuditLog } from '../../connector/src/services/audit-log.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';

describe('audit log', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = SqliteStore.open(':memory:');
  });
  afterEach(() => store.close());

  it('stamps each entry with its clock and stores it as given', async () => {
    let clock = 1_000;
    const audit = new AuditLog({ store, now: () => clock });
    await audit.record({ actor: 'admin-token', action: 'agent.create', target: 'maria', outcome: 'ok', details: { name: 'Maria', limits: { callsPerDay: 10 } } });
    clock = 2_000;
    await audit.record({ actor: 'agent:maria', action: 'call.refused', target: '+14155552671', outcome: 'refused', details: { code: 'DO_NOT_CALL' } });
    assert.deepEqual((await store.auditLog({ limit: 10 })).map(({ id: _id, ...rest }) => rest), [
      { at: 2_000, actor: 'agent:maria', action: 'call.refused', target: '+14155552671', outcome: 'refused', details: { code: 'DO_NOT_CALL' } },
      { at: 1_000, actor: 'admin-token', action: 'agent.create', target: 'maria', outcome: 'ok', details: { name: 'Maria', limits: { callsPerDay: 10 } } },
    ]);
  });

  it('never stores the value of a detail that names a secret, at any depth', async () => {
    const audit = new AuditLog({ store });
    await audit.record({
      actor: 'admin-token',
      action: 'agent.create',
      target: 'maria',
      outcome: 'ok',
      details: { signInKey: 'k-123', sip: { username: '1001', password: 'pw-456' }, list: [{ token: 't-789' }], secret: 's-0' },
    });
    const [stored] = await store.auditLog({ limit: 1 });
    const text = JSON.stringify(stored);
    for (const secret of ['k-123', 'pw-456', 't-789', 's-0']) assert.ok(!text.includes(secret), `${secret} must not be stored`);
    assert.deepEqual(stored?.details, {
      signInKey: '[redacted]',
      sip: { username: '1001', password: '[redacted]' },
      list: [{ token: '[redacted]' }],
      secret: '[redacted]',
    });
  });
});
