import assert from 'node:assert/strict';
import request from 'supertest';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { callLogFromRecord } from '../../connector/src/domain/call-log-from-record.js';
import { foldCallEvents } from '../../connector/src/domain/fold-call-events.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
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
    assert.deepEqual(Object.keys(before.body.deadLetters[0]).sort(), ['attempts', 'callId', 'lastError', 'log', 'version'], 'a dead letter as the page shows it');
    const res = await admin(`/outbox/dead-letters/${encodeURIComponent(leg)}/replay`);
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { callId: leg, status: 'pending' });
    assert.equal((await store.outboxCounts(Date.now())).pending, 1);
    const [entry] = await store.auditLog({ limit: 1 });
    assert.deepEqual({ ...entry, id: 0, at: 0 }, { id: 0, at: 0, actor: 'admin-token', action: 'outbox.replay', target: leg, outcome: 'ok', details: {} });
  });

  it('lists the logs still waiting for the CRM, oldest first, with their attempts and last error', async () => {
    const { app, store } = buildTestApp({ adminToken: ADMIN });
    const T1 = Date.parse('2026-11-23T10:05:00.000Z');
    const T2 = T1 + 60_000;
    const fold = (now: number) => foldPendingCalls({ store, ownerCrmId: async () => null, now: () => now });
    await store.appendCallEvents(finishedCall('first', { agentId: 'maria' }), T1);
    await fold(T1);
    await store.appendCallEvents(finishedCall('second', { agentId: 'omar' }), T2);
    await fold(T2);
    const claim = await store.claimDueOutbox({ now: T2, limit: 1, leaseMs: 30_000 });
    const [first] = claim.entries;
    await store.markRetry({ callId: first!.callId, version: first!.version, nextAttemptAt: T2 + 30_000, error: 'unavailable: the CRM is down', now: T2, claim: claim.token });

    const res = await request(app).get('/api/v1/admin/outbox').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.pending, 2);
    assert.deepEqual(res.body.waiting, [
      { callId: 'maria:first', version: first!.version, attempts: 1, lastError: 'unavailable: the CRM is down', nextAttemptAt: new Date(T2 + 30_000).toISOString(), pendingSince: new Date(T1).toISOString() },
      { callId: 'omar:second', version: 3, attempts: 0, lastError: null, nextAttemptAt: new Date(T2).toISOString(), pendingSince: new Date(T2).toISOString() },
    ]);
    assert.deepEqual(res.body.deadLetters, []);
  });

  it('audits nothing for a dead letter that does not exist', async () => {
    const { app, store } = buildTestApp({ adminToken: ADMIN });
    const res = await request(app).post('/api/v1/admin/outbox/dead-letters/maria:nope/replay').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(res.status, 404);
    assert.deepEqual(await store.auditLog({ limit: 1 }), []);
  });
});
