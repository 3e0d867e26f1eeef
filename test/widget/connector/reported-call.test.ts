import assert from 'node:assert/strict';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import { CallReporter } from '../../../widget/src/app/call-reporter.js';
import { HttpConnectorApi } from '../../../widget/src/connector/http-connector-api.js';
import { createLogger } from '../../../connector/src/observability/logger.js';
import { OutboxWorker } from '../../../connector/src/outbox/outbox-worker.js';
import { ScriptedCrm } from '../../outbox/scripted-crm.js';
import { WORKER_OPTIONS } from '../../outbox/worker-options.js';
import { FakeSoftPhone, type FakeCall } from '../app/fakes/fake-soft-phone.js';
import { MemoryStorage, startConnector, TOKEN, type LiveConnector } from './connector-kit.js';

describe('a call reported by the widget, as the real connector folds it', () => {
  let connector: LiveConnector;
  afterEach(() => connector?.close());

  it('becomes one answered outbound call on its record, with hold time, end and wrap-up', async () => {
    connector = await startConnector();
    const api = new HttpConnectorApi({ baseUrl: connector.baseUrl, token: () => TOKEN, storage: new MemoryStorage(), storageKey: 'k', sendBeacon: null });
    const phone = new FakeSoftPhone();
    let clock = Date.now() - 60_000;
    const reporter = new CallReporter({ phone, connector: api, heartbeatIntervalS: 30, now: () => (clock += 5000) });
    const call = (await phone.dial({ sipUri: 'sip:+14155552671@pbx.example.test;user=phone', extension: null, display: '+1 415 555 2671' })) as FakeCall;
    reporter.track(call, { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez' }, { consult: false });
    call.ringing();
    call.answered();
    await call.hold();
    await call.resume();
    await call.hangup();
    reporter.wrapUp(call.callId, 'Connected', 'Send the contract');
    reporter.stop();
    await api.drain();
    api.stop();

    const record = foldCallEvents(await connector.store.callEvents(`maria:${call.callId}`))!;
    assert.deepEqual(
      {
        state: record.state,
        direction: record.direction,
        from: record.from,
        to: record.to,
        record: record.record,
        talkSeconds: record.talkSeconds,
        holdSeconds: record.holdSeconds,
        result: record.result,
        hungUpBy: record.hungUpBy,
        disposition: record.disposition,
        notes: record.notes,
      },
      {
        state: 'wrapped-up',
        direction: 'outbound',
        from: 'agent',
        to: '+14155552671',
        record: { objectType: 'Contact', id: 'CON-0001' },
        talkSeconds: 10,
        holdSeconds: 5,
        result: 'answered',
        hungUpBy: 'agent',
        disposition: 'Connected',
        notes: 'Send the contract',
      },
    );
  });

  it('is pending while the outbox has not sent it, and delivered once the CRM holds it', async () => {
    connector = await startConnector();
    const api = new HttpConnectorApi({ baseUrl: connector.baseUrl, token: () => TOKEN, storage: new MemoryStorage(), storageKey: 'k', sendBeacon: null });
    const phone = new FakeSoftPhone();
    const reporter = new CallReporter({ phone, connector: api, heartbeatIntervalS: 30 });
    const call = (await phone.dial({ sipUri: 'sip:+14155552671@pbx.example.test;user=phone', extension: null, display: '+1 415 555 2671' })) as FakeCall;
    reporter.track(call, { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez' }, { consult: false });
    call.answered();
    await call.hangup();
    reporter.stop();
    await api.drain();
    assert.deepEqual(await api.callLogStatus(call.callId), { callId: call.callId, status: 'pending', crmId: null });
    const worker = new OutboxWorker({ store: connector.store, crm: new ScriptedCrm(), logger: createLogger('silent'), options: WORKER_OPTIONS });
    await worker.tick();
    const logged = await api.callLogStatus(call.callId);
    assert.equal(logged.status, 'delivered');
    assert.ok(logged.crmId);
    await assert.rejects(api.callLogStatus('never-reported@pbx'), (error: Error & { code?: string }) => error.code === 'CALL_NOT_FOUND');
    api.stop();
  });
});
