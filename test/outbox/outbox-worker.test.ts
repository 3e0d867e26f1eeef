import assert from 'node:assert/strict';
import { CrmError } from '../../connector/src/crm/crm-error.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../connector/src/outbox/outbox-worker.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { finishedCall } from './call-events.js';
import { ScriptedCrm } from './scripted-crm.js';
import { WORKER_OPTIONS } from './worker-options.js';

describe('outbox worker', () => {
  let store: SqliteStore;
  let crm: ScriptedCrm;
  let clock: number;
  let worker: OutboxWorker;

  function build(options: Partial<OutboxWorkerOptions> = {}, batch = 200) {
    crm = new ScriptedCrm(batch);
    worker = new OutboxWorker({ store, crm, logger: createLogger('silent'), options: { ...WORKER_OPTIONS, ...options }, now: () => clock, random: () => 0.5 });
  }

  beforeEach(() => {
    store = SqliteStore.open(':memory:');
    clock = Date.parse('2026-11-23T12:00:00.000Z');
    build();
  });
  afterEach(async () => {
    await worker.stop();
    await store.close();
  });

  async function post(...calls: ReturnType<typeof finishedCall>[]) {
    await store.appendCallEvents(calls.flat(), clock);
  }

  it('logs 1,000 finished calls to the CRM in 5 requests of 200', async () => {
    await post(...Array.from({ length: 1000 }, (_, i) => finishedCall(`call-${i}`, { talkSeconds: i % 90 })));
    const result = await worker.tick();
    assert.equal(crm.requests.length, 5);
    assert.deepEqual(crm.requests.map((r) => r.length), [200, 200, 200, 200, 200]);
    assert.equal(crm.activities.size, 1000);
    assert.equal(result.stored, 1000);
    assert.equal(crm.activities.get('call-42')?.durationSeconds, 42);
    assert.deepEqual(await store.outboxCounts(clock), { pending: 0, delivered: 1000, dead: 0, oldestPendingAgeMs: 0 });
  });

  it('sends nothing for a call that has not ended yet', async () => {
    await post(finishedCall('open').slice(0, 2));
    await worker.tick();
    assert.equal(crm.requests.length, 0);
  });

  it('retries the whole batch with backoff while the CRM is down, and loses nothing', async () => {
    crm.answer = () => {
      throw new CrmError('unavailable', 'HTTP 503', { crm: 'scripted', status: 503 });
    };
    await post(finishedCall('a'), finishedCall('b'));
    await worker.tick();
    assert.equal(crm.requests.length, 1);
    await worker.tick();
    assert.equal(crm.requests.length, 1, 'not retried before its backoff');
    crm.answer = () => undefined;
    clock += 750; // attempt 0: between 500 and 1000 ms; random 0.5 -> 750
    await worker.tick();
    assert.equal(crm.requests.length, 2);
    assert.deepEqual([...crm.activities.keys()].sort(), ['a', 'b']);
  });

  it('retries only the item the CRM could not lock, and the rest are delivered', async () => {
    crm.answer = (logs, n) =>
      n === 1
        ? logs.map((l) =>
            l.callId === 'agent-1:locked'
              ? { callId: l.callId, outcome: 'retry' as const, error: { code: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access' } }
              : { callId: l.callId, outcome: 'stored' as const, crmId: 'T1' },
          )
        : undefined;
    await post(finishedCall('fine'), finishedCall('locked'));
    await worker.tick();
    clock += 1000;
    await worker.tick();
    assert.deepEqual(crm.requests.map((r) => r.map((l) => l.callId).sort()), [['agent-1:fine', 'agent-1:locked'], ['agent-1:locked']]);
    assert.equal((await store.outboxCounts(clock)).delivered, 2);
  });

  it('puts a log the CRM refuses in the dead letters, and a replay delivers it', async () => {
    crm.answer = (logs, n) =>
      n === 1
        ? logs.map((l) => ({ callId: l.callId, outcome: 'rejected' as const, error: { code: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id' } }))
        : undefined;
    await post(finishedCall('refused'));
    await worker.tick();
    const dead = await store.deadLetters(10);
    assert.equal(dead.length, 1);
    assert.equal(dead[0]?.callId, 'agent-1:refused');
    assert.equal(dead[0]?.lastError, 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id');
    await worker.tick();
    assert.equal(crm.requests.length, 1, 'a dead letter is not retried by itself');
    assert.equal(await store.replayDeadLetter('agent-1:refused', clock), true);
    await worker.tick();
    assert.ok(crm.activities.has('refused'));
    assert.equal((await store.outboxCounts(clock)).dead, 0);
  });

  it('splits a batch the CRM rejects whole, so one bad log does not hold back the others', async () => {
    crm.answer = (logs) => {
      if (logs.some((l) => l.callId === 'agent-1:poison')) throw new CrmError('bad-request', 'JSON_PARSER_ERROR', { crm: 'scripted', status: 400 });
      return undefined;
    };
    await post(...['a', 'b', 'poison', 'c', 'd'].map((id) => finishedCall(id)));
    await worker.tick();
    assert.deepEqual([...crm.activities.keys()].sort(), ['a', 'b', 'c', 'd']);
    assert.deepEqual((await store.deadLetters(10)).map((d) => d.callId), ['agent-1:poison']);
  });

  it('opens the circuit after repeated outages and sends nothing until the cooldown ends', async () => {
    build({ batchSize: 1 });
    crm.answer = () => {
      throw new CrmError('rate-limited', 'REQUEST_LIMIT_EXCEEDED', { crm: 'scripted', status: 403, crmCode: 'REQUEST_LIMIT_EXCEEDED' });
    };
    await post(...['a', 'b', 'c', 'd', 'e'].map((id) => finishedCall(id)));
    await worker.tick();
    assert.equal(crm.requests.length, 3, 'three failures open the circuit');
    assert.equal(worker.circuit, 'open');
    clock += 29_999;
    await worker.tick();
    assert.equal(crm.requests.length, 3);
    crm.answer = () => undefined;
    clock += 1;
    await worker.tick();
    assert.equal(worker.circuit, 'closed');
    assert.equal(crm.activities.size, 5);
  });

  it('keeps retrying while the CRM refuses the credentials: an admin fixes them, no log is dropped', async () => {
    crm.answer = () => {
      throw new CrmError('auth', 'invalid_grant', { crm: 'scripted', status: 400 });
    };
    await post(finishedCall('a'));
    await worker.tick();
    assert.equal((await store.deadLetters(10)).length, 0);
    assert.equal((await store.outboxCounts(clock)).pending, 1);
  });

  it('retries a log the CRM answered nothing for, rather than assuming it stored', async () => {
    crm.answer = (logs, n) => (n === 1 ? [] : undefined);
    await post(finishedCall('silent'));
    await worker.tick();
    assert.equal(crm.activities.size, 0);
    clock += 1000;
    await worker.tick();
    assert.ok(crm.activities.has('silent'));
  });

  it('updates the same activity when the wrap-up arrives after the call was logged', async () => {
    const events = finishedCall('wrapped', { notes: 'Wants a quote for 40 seats' });
    const wrapup = events.pop()!;
    await post(events);
    await worker.tick();
    assert.equal(crm.activities.get('wrapped')?.notes, null);
    await store.appendCallEvents([wrapup], clock);
    await worker.tick();
    assert.equal(crm.requests.length, 2);
    assert.equal(crm.activities.size, 1);
    assert.equal(crm.activities.get('wrapped')?.notes, 'Wants a quote for 40 seats');
    assert.equal(crm.activities.get('wrapped')?.disposition, 'Interested');
  });

  it('ends a call whose widget went silent and logs it as such', async () => {
    const events = finishedCall('ghost', { talkSeconds: 60 });
    const start = Date.parse(events[0]!.occurredAt);
    await store.appendCallEvents(events.slice(0, 2), clock);
    await store.appendCallEvents([{ eventId: 'hb-1', callId: 'ghost', agentId: 'agent-1', occurredAt: new Date(start + 32_000).toISOString(), type: 'heartbeat' }], clock);
    clock += 90_000;
    await worker.tick();
    assert.equal(crm.requests.length, 0, 'not before the heartbeat timeout has passed');
    clock += 1;
    const result = await worker.tick();
    assert.equal(result.ended, 1);
    const log = crm.activities.get('ghost');
    assert.equal(log?.result, 'answered');
    assert.equal(log?.durationSeconds, 30, 'talk time runs to the last heartbeat');
    assert.equal(log?.endedAt, new Date(start + 32_000).toISOString());
    const again = await worker.tick();
    assert.equal(again.ended, 0, 'a call is ended once');
  });

  it('keeps every log when the CRM rejects every request whatever it holds (a configuration fault), in a few requests', async () => {
    crm.answer = () => {
      throw new CrmError('bad-request', 'The external id field does not exist', { crm: 'scripted', status: 404, crmCode: 'NOT_FOUND' });
    };
    await post(...Array.from({ length: 200 }, (_, i) => finishedCall(`cfg-${i}`)));
    await worker.tick();
    assert.equal(crm.requests.length, 3, 'the batch, then the first two logs alone');
    assert.deepEqual(await store.deadLetters(10), []);
    assert.equal((await store.outboxCounts(clock)).pending, 200);
  });

  it('gives a log up to the dead letters after the CRM said "later" for it too many times', async () => {
    crm.answer = (logs) => logs.map((l) => ({ callId: l.callId, outcome: 'retry' as const, error: { code: 'UNABLE_TO_LOCK_ROW', message: 'locked' } }));
    await post(finishedCall('always-locked'));
    for (let i = 0; i < WORKER_OPTIONS.maxAttempts; i++) {
      await worker.tick();
      clock += WORKER_OPTIONS.retryMaxMs;
    }
    assert.equal(crm.requests.length, WORKER_OPTIONS.maxAttempts);
    const [dead] = await store.deadLetters(10);
    assert.equal(dead?.lastError, 'UNABLE_TO_LOCK_ROW: locked (gave up after 5 attempts)');
  });

  it('sends nothing more to the CRM for heartbeats after a call was logged', async () => {
    await post(finishedCall('done'));
    await worker.tick();
    await store.appendCallEvents([1, 2, 3].map((n) => ({ eventId: `late-hb-${n}`, callId: 'done', agentId: 'agent-1', occurredAt: new Date(clock).toISOString(), type: 'heartbeat' as const })), clock);
    await worker.tick();
    assert.equal(crm.requests.length, 1);
  });

  it('lets the widget’s own report of the end win over a heartbeat timeout', async () => {
    const events = finishedCall('came-back', { talkSeconds: 300 });
    await store.appendCallEvents(events.slice(0, 2), clock);
    clock += 90_001;
    await worker.tick();
    assert.equal(crm.activities.get('came-back')?.durationSeconds, 0, 'first logged as ended at the last sign of life');
    await store.appendCallEvents(events.slice(2), clock);
    await worker.tick();
    const log = crm.activities.get('came-back');
    assert.equal(log?.durationSeconds, 300);
    assert.equal(log?.result, 'answered');
    assert.equal(crm.activities.size, 1);
  });

  it('does not end calls as silent before it has listened for a whole timeout since it started', async () => {
    const events = finishedCall('during-restart');
    await store.appendCallEvents(events.slice(0, 2), clock - 600_000);
    const result = await worker.tick();
    assert.equal(result.ended, 0, 'the widget may not have reconnected yet');
    clock += 90_000;
    assert.equal((await worker.tick()).ended, 1);
  });

  it('puts a call whose start was never reported in the dead letters, and logs it whole once the start arrives', async () => {
    const events = finishedCall('no-start');
    const [dialing, ...rest] = events;
    await post(rest);
    await worker.tick();
    assert.equal(crm.requests.length, 0);
    const [dead] = await store.deadLetters(10);
    assert.equal(dead?.callId, 'agent-1:no-start');
    assert.match(dead?.lastError ?? '', /^MISSING_START: the widget never reported how this call started/);
    await post([dialing!]);
    await worker.tick();
    assert.equal(crm.activities.get('no-start')?.direction, 'outbound');
    assert.equal(crm.activities.get('no-start')?.to, '+14155552671');
    assert.deepEqual(await store.deadLetters(10), []);
  });

  it('stops between batches and never rejects, leaving what was not sent in the outbox', async () => {
    build({ batchSize: 1 });
    crm.answer = () => {
      void worker.stop();
      return undefined;
    };
    await post(finishedCall('one'), finishedCall('two'), finishedCall('three'));
    await worker.tick();
    assert.equal(crm.requests.length, 1);
    assert.equal((await store.outboxCounts(clock)).pending, 2);
  });

  it('logs one activity per agent when two agents report the same Call-ID', async () => {
    await post(finishedCall('shared', { agentId: 'agent-1', talkSeconds: 40 }), finishedCall('shared', { agentId: 'agent-2', talkSeconds: 40 }));
    await worker.tick();
    assert.deepEqual(crm.requests[0]?.map((l) => l.callId).sort(), ['agent-1:shared', 'agent-2:shared']);
  });

  describe('the owner of each call log', () => {
    const ownerOf = (callId: string) => crm.requests.flat().find((log) => log.callId === callId)?.ownerCrmId;
    const agent = (id: string, crmUserId: string | null) => store.createAgent({ id, name: id, crmUserId, disabled: false, tokenHash: `hash-of-${id}` });

    it("is the agent's CRM user id as it is when the call is logged: an admin's change applies to the next call", async () => {
      await agent('agent-1', '005-OLD');
      await post(finishedCall('first'));
      await worker.tick();
      assert.equal(ownerOf('agent-1:first'), '005-OLD');
      await store.updateAgent('agent-1', { crmUserId: '005-NEW' });
      await post(finishedCall('second'));
      await worker.tick();
      assert.equal(ownerOf('agent-1:second'), '005-NEW');
    });

    it('is unknown (null) for an agent deleted before its call was logged, and for one without a CRM user id', async () => {
      await agent('agent-1', '005-A');
      await agent('agent-2', null);
      await store.deleteAgent('agent-1');
      await post(finishedCall('orphan'), finishedCall('no-crm-user', { agentId: 'agent-2' }));
      await worker.tick();
      assert.equal(ownerOf('agent-1:orphan'), null);
      assert.equal(ownerOf('agent-2:no-crm-user'), null);
    });

    it('is read once per agent for all the calls a pass logs', async () => {
      await agent('agent-1', '005-A');
      await agent('agent-2', '005-B');
      const reads: string[] = [];
      const agentById = store.agentById.bind(store);
      store.agentById = (id) => (reads.push(id), agentById(id));
      await post(finishedCall('a1'), finishedCall('a2'), finishedCall('a3'), finishedCall('b1', { agentId: 'agent-2' }));
      await worker.tick();
      assert.deepEqual(reads.sort(), ['agent-1', 'agent-2']);
      assert.deepEqual(crm.requests.flat().map((log) => log.ownerCrmId).sort(), ['005-A', '005-A', '005-A', '005-B']);
    });
  });
});
