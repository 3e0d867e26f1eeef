import assert from 'node:assert/strict';
import request from 'supertest';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { callLogFromRecord } from '../../connector/src/domain/call-log-from-record.js';
import { foldCallEvents } from '../../connector/src/domain/fold-call-events.js';
import { finishedCall } from '../outbox/call-events.js';
import { buildTestApp, closeTestApps } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';

describe('admin API: outbox', () => {
  afterEach(closeTestApps);

  it('replays a dead letter: it is pending again, and the replay is audited', async () => {
    const { app, store } = buildTestApp({ adminToken: ADMIN });
    await store.appendCallEvents(finishedCall('c-1', { agentId: 'maria' }), Date.now());
    const leg = callLegKey('maria', 'c-1');
    const record = foldCallEvents(await store.callEvents(leg))!;
    await store.saveFold({ callId: leg, version: 3, record, log: { ...callLogFromRecord(record, null)!, callId: leg }, now: Date.now(), deadReason: 'REJECTED: test' });
    const admin = (path: string) => request(app).post(`/api/v1/admin${path}`).set('Authorization', `Bearer ${ADMIN}`);

    const before = await request(app).get('/api/v1/admin/outbox').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(before.body.dead, 1);
    const res = await admin(`/outbox/dead-letters/${encodeURIComponent(leg)}/replay`);
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { callId: leg, status: 'pending' });
    assert.equal((await store.outboxCounts(Date.now())).pending, 1);
    const [entry] = await store.auditLog({ limit: 1 });
    assert.deepEqual({ ...entry, id: 0, at: 0 }, { id: 0, at: 0, actor: 'admin-token', action: 'outbox.replay', target: leg, outcome: 'ok', details: {} });
  });

  it('audits nothing for a dead letter that does not exist', async () => {
    const { app, store } = buildTestApp({ adminToken: ADMIN });
    const res = await request(app).post('/api/v1/admin/outbox/dead-letters/maria:nope/replay').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(res.status, 404);
    assert.deepEqual(await store.auditLog({ limit: 1 }), []);
  });
});
