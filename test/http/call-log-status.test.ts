import assert from 'node:assert/strict';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { OutboxWorker } from '../../connector/src/outbox/outbox-worker.js';
import { finishedCall } from '../outbox/call-events.js';
import { ScriptedCrm } from '../outbox/scripted-crm.js';
import { WORKER_OPTIONS } from '../outbox/worker-options.js';
import { buildTestApp, closeTestApps, signIn } from './test-app.js';

const CALL_ID = 'a84b4c76e66710@pc33.example.com';

describe('GET /api/v1/calls/{Call-ID}/log: whether the agent’s call is in the CRM yet', () => {
  afterEach(closeTestApps);

  async function setup() {
    const built = buildTestApp();
    await built.store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    await built.store.createAgent({ id: 'omar', name: 'Omar', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    const sessions = { MARIA: await signIn(built, 'maria'), OMAR: await signIn(built, 'omar') };
    const worker = new OutboxWorker({ store: built.store, crm: new ScriptedCrm(), logger: createLogger('silent'), options: WORKER_OPTIONS });
    const status = (token: string, callId = CALL_ID) =>
      request(built.app).get(`/api/v1/calls/${encodeURIComponent(callId)}/log`).set('Authorization', `Bearer ${token}`);
    return { built, worker, status, ...sessions };
  }

  it('is pending until the outbox delivered the activity, then delivered with the CRM id', async () => {
    const { built, worker, status, MARIA } = await setup();
    const events = finishedCall(CALL_ID, { agentId: 'maria' });
    await built.store.appendCallEvents(events, Date.now());
    const before = await status(MARIA).expect(200);
    assert.deepEqual(before.body, { callId: CALL_ID, status: 'pending', crmId: null });
    await worker.tick();
    const after = await status(MARIA).expect(200);
    assert.equal(after.body.status, 'delivered');
    assert.equal(typeof after.body.crmId, 'string');
  });

  it('turns pending again while a wrap-up posted after delivery waits to be folded and sent', async () => {
    const { built, worker, status, MARIA } = await setup();
    await built.store.appendCallEvents(finishedCall(CALL_ID, { agentId: 'maria' }), Date.now());
    await worker.tick();
    await built.store.appendCallEvents(
      [{ eventId: 'wrap-1', callId: CALL_ID, agentId: 'maria', occurredAt: new Date().toISOString(), type: 'wrapup', disposition: 'Interested', notes: 'Call back Monday' }],
      Date.now(),
    );
    assert.equal((await status(MARIA).expect(200)).body.status, 'pending');
    await worker.tick();
    assert.equal((await status(MARIA).expect(200)).body.status, 'delivered');
  });

  it('answers 404 for a Call-ID the agent never reported, even when another agent did', async () => {
    const { built, status, OMAR } = await setup();
    await built.store.appendCallEvents(finishedCall(CALL_ID, { agentId: 'maria' }), Date.now());
    const res = await status(OMAR).expect(404);
    assert.deepEqual(res.body, { error: { code: 'CALL_NOT_FOUND', message: `This agent has reported no call with Call-ID ${CALL_ID}.` } });
    await status('not-a-real-token-xxxxxxxx').expect(401);
  });
});
