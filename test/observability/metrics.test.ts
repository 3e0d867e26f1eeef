import assert from 'node:assert/strict';
import request from 'supertest';
import { CrmError } from '../../connector/src/crm/crm-error.js';
import { instrumentAdapter } from '../../connector/src/crm/instrumented-adapter.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
import { OutboxWorker } from '../../connector/src/outbox/outbox-worker.js';
import { PRESENCE_TTL_MS } from '../../connector/src/services/widget-presence.js';
import { asAgent, buildTestApp, closeTestApps, type TestApp } from '../http/test-app.js';
import { finishedCall } from '../outbox/call-events.js';
import { ScriptedCrm } from '../outbox/scripted-crm.js';
import { WORKER_OPTIONS } from '../outbox/worker-options.js';

/** One sample of the Prometheus text: metric name, labels and value. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample of `name` whose labels include `labels`; fails when there is none or several. */
function valueOf(all: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.equal(found.length, 1, `one sample of ${name} ${JSON.stringify(labels)}, found ${found.length}`);
  return found[0]!.value;
}

/** A CRM whose reverse lookups fail with the errors queued, one each, and whose upserts reject logs of `bad` calls. */
class FailingCrm extends ScriptedCrm {
  readonly lookupErrors: Error[] = [];

  override async findByPhone() {
    const error = this.lookupErrors.shift();
    if (error) throw error;
    return [];
  }
}

describe('metrics', () => {
  let testApp: TestApp;
  const scrape = async () => {
    const res = await request(testApp.app).get('/metrics');
    assert.equal(res.status, 200);
    return samples(res.text);
  };
  afterEach(closeTestApps);

  it('shows the outbox by status and the age of its oldest pending log', async () => {
    testApp = buildTestApp();
    const { store } = testApp;
    const queuedAt = Date.now() - 120_000;
    for (const id of ['pending', 'delivered', 'dead']) await store.appendCallEvents(finishedCall(id, { agentId: 'maria' }), queuedAt);
    await foldPendingCalls({ store, ownerCrmId: async () => null, now: () => queuedAt });
    const claim = await store.claimDueOutbox({ now: Date.now(), limit: 10, leaseMs: 30_000 });
    const entry = (id: string) => claim.entries.find((e) => e.callId === `maria:${id}`)!;
    await store.markDelivered({ callId: 'maria:delivered', version: entry('delivered').version, crmId: 'T-1', now: Date.now(), claim: claim.token });
    await store.markDead({ callId: 'maria:dead', version: entry('dead').version, error: 'REJECTED: test', now: Date.now(), claim: claim.token });

    const all = await scrape();
    assert.equal(valueOf(all, 'connector_outbox_entries', { status: 'pending' }), 1);
    assert.equal(valueOf(all, 'connector_outbox_entries', { status: 'delivered' }), 1);
    assert.equal(valueOf(all, 'connector_outbox_entries', { status: 'dead' }), 1);
    const age = valueOf(all, 'connector_outbox_oldest_pending_seconds');
    assert.ok(age >= 120 && age < 130, `oldest pending ${age} s`);
  });

  it('counts the widgets heard from within the TTL by registration, and the calls in progress', async () => {
    testApp = buildTestApp();
    const { store } = testApp;
    const now = Date.now();
    const report = (agentId: string, widgetId: string, registration: 'registered' | 'failed' | 'connecting', at: number) =>
      store.reportPresence({ agentId, widgetId, registration, host: 'page', at });
    await report('maria', 'w-maria-001', 'registered', now - 1000);
    await report('omar', 'w-omar-0001', 'registered', now - 20_000);
    await report('omar', 'w-omar-0002', 'failed', now - 5000);
    await report('lee', 'w-lee-00001', 'connecting', now - PRESENCE_TTL_MS - 1000);
    // Two calls under way, one whose widget went silent longer than the heartbeat timeout (90 s), one that ended.
    await store.appendCallEvents(finishedCall('live-1', { agentId: 'maria' }).slice(0, 2), now);
    await store.appendCallEvents(finishedCall('live-2', { agentId: 'omar' }).slice(0, 1), now - 10_000);
    await store.appendCallEvents(finishedCall('silent', { agentId: 'lee' }).slice(0, 2), now - 91_000);
    await store.appendCallEvents(finishedCall('over', { agentId: 'lee' }), now);

    const all = await scrape();
    assert.equal(valueOf(all, 'connector_widgets', { registration: 'registered' }), 2);
    assert.equal(valueOf(all, 'connector_widgets', { registration: 'failed' }), 1);
    assert.equal(valueOf(all, 'connector_widgets', { registration: 'connecting' }), 0, "lee's widget was last heard from before the TTL");
    assert.equal(valueOf(all, 'connector_widgets', { registration: 'unregistered' }), 0);
    assert.equal(valueOf(all, 'connector_calls_in_progress'), 2);
  });

  it('counts refused dials by code', async () => {
    testApp = buildTestApp({ callLimits: { callsPerMinute: 1, callsPerDay: 100, concurrentCalls: 5 } });
    const gbOnly = await asAgent(testApp, 'gb-only', { allowedCountries: ['GB'] });
    const maria = await asAgent(testApp, 'maria');
    const dial = (agent: typeof maria, number: string) => agent.post('/api/v1/resolve').send({ number, purpose: 'dial' });
    await dial(gbOnly, '+14155552671');
    await dial(gbOnly, '+14155552671');
    await gbOnly.post('/api/v1/resolve').send({ number: '+14155552671', purpose: 'display' });
    await dial(maria, '+14155552671');
    await dial(maria, '+14155552671');

    const all = await scrape();
    assert.equal(valueOf(all, 'connector_dials_refused_total', { code: 'COUNTRY_NOT_ALLOWED' }), 2, 'a number only looked at is no refused dial');
    assert.equal(valueOf(all, 'connector_dials_refused_total', { code: 'CALLS_PER_MINUTE' }), 1);
  });

  it("counts CRM errors by the CRM's code, else the HTTP status, else the kind, and rejected call logs by their code", async () => {
    const crm = new FailingCrm();
    crm.lookupErrors.push(
      new CrmError('rate-limited', 'limit', { crm: 'scripted', status: 403, crmCode: 'REQUEST_LIMIT_EXCEEDED' }),
      new CrmError('rate-limited', 'limit', { crm: 'scripted', status: 403, crmCode: 'REQUEST_LIMIT_EXCEEDED' }),
      new CrmError('unavailable', 'down', { crm: 'scripted', status: 503 }),
      new CrmError('timeout', 'slow', { crm: 'scripted' }),
    );
    testApp = buildTestApp({ crm, instrument: true });
    const agent = await asAgent(testApp, 'maria');
    for (let i = 0; i < 5; i++) await agent.get('/api/v1/lookup?number=%2B14155552671');
    crm.answer = (logs) => logs.map((l) => (l.callId.endsWith(':bad') ? { callId: l.callId, outcome: 'rejected' as const, error: { code: 'INVALID_FIELD', message: 'no' } } : { callId: l.callId, outcome: 'stored' as const, crmId: 'T-1' }));
    await testApp.store.appendCallEvents([...finishedCall('good', { agentId: 'maria' }), ...finishedCall('bad', { agentId: 'maria' })], Date.now());
    const worker = new OutboxWorker({
      store: testApp.store,
      crm: instrumentAdapter(crm, testApp.metrics.crmRequests, testApp.metrics.crmErrors),
      logger: createLogger('silent'),
      options: { ...WORKER_OPTIONS, batchSize: 1 },
    });
    await worker.tick();

    const all = await scrape();
    const errors = (labels: Record<string, string>) => valueOf(all, 'connector_crm_errors_total', { crm: 'scripted', ...labels });
    assert.equal(errors({ operation: 'findByPhone', kind: 'rate-limited', code: 'REQUEST_LIMIT_EXCEEDED' }), 2);
    assert.equal(errors({ operation: 'findByPhone', kind: 'unavailable', code: '503' }), 1);
    assert.equal(errors({ operation: 'findByPhone', kind: 'timeout', code: 'timeout' }), 1);
    assert.equal(errors({ operation: 'upsertCallLogs', kind: 'item-rejected', code: 'INVALID_FIELD' }), 1);
    assert.equal(valueOf(all, 'connector_crm_requests_total', { crm: 'scripted', operation: 'findByPhone', outcome: 'ok' }), 1);
    assert.equal(all.filter((s) => s.name === 'connector_crm_errors_total').length, 4, 'nothing else counted as an error');
  });

  it('observes the time from each version of a log being queued to the CRM storing it, once per version stored', async () => {
    testApp = buildTestApp();
    const crm = new ScriptedCrm();
    let clock = Date.parse('2026-11-23T10:00:40.000Z'); // finishedCall: dialled at 10:00:00, ended at 10:00:32
    const worker = new OutboxWorker({
      store: testApp.store,
      crm,
      logger: createLogger('silent'),
      options: WORKER_OPTIONS,
      now: () => clock,
      onDelivered: (seconds) => testApp.metrics.callLogDelivery.observe(seconds),
    });
    /** The CRM takes `seconds` to answer, storing every log but those of `retry`. */
    const crmTakes = (seconds: number, retry: string[] = []) => {
      crm.answer = (logs) => {
        clock += seconds * 1000;
        return logs.map((l) =>
          retry.includes(l.callId)
            ? { callId: l.callId, outcome: 'retry' as const, error: { code: 'UNABLE_TO_LOCK_ROW', message: 'locked' } }
            : { callId: l.callId, outcome: 'stored' as const, crmId: 'T-1' },
        );
      };
    };
    await testApp.store.appendCallEvents([...finishedCall('one', { agentId: 'maria' }), ...finishedCall('two', { agentId: 'omar' })], clock);
    crmTakes(2, ['omar:two']);
    await worker.tick(); // both queued now; one stored 2 s later, two to retry
    clock += 60_000;
    crmTakes(1);
    await worker.tick(); // two stored 63 s after it was queued
    // The wrap-up is saved 25 minutes after the call: its version of the log is queued then, and takes 3 s.
    clock += 25 * 60_000;
    await testApp.store.appendCallEvents(
      [{ eventId: 'late-wrap-up', callId: 'one', agentId: 'maria', occurredAt: new Date(clock).toISOString(), type: 'wrapup', disposition: 'Sale', notes: null }],
      clock,
    );
    crmTakes(3);
    await worker.tick();

    const all = await scrape();
    assert.equal(valueOf(all, 'connector_call_log_delivery_seconds_count'), 3, 'each version once, the retried one when it was stored');
    assert.equal(valueOf(all, 'connector_call_log_delivery_seconds_sum'), 2 + 63 + 3);
    assert.equal(valueOf(all, 'connector_call_log_delivery_seconds_bucket', { le: '5' }), 2, 'the wrap-up’s version took 3 s, not 25 minutes');
    assert.equal(valueOf(all, 'connector_call_log_delivery_seconds_bucket', { le: '60' }), 2);
    assert.equal(valueOf(all, 'connector_call_log_delivery_seconds_bucket', { le: '300' }), 3);
  });

  it('keeps answering /metrics when the store fails during a scrape, leaving that gauge without a sample and counting the error', async () => {
    testApp = buildTestApp();
    const now = Date.now();
    await testApp.store.reportPresence({ agentId: 'maria', widgetId: 'w-maria-001', registration: 'registered', host: 'page', at: now });
    await testApp.store.appendCallEvents(finishedCall('queued', { agentId: 'maria' }), now - 30_000);
    await foldPendingCalls({ store: testApp.store, ownerCrmId: async () => null, now: () => now - 30_000 });
    let all = await scrape();
    assert.equal(valueOf(all, 'connector_widgets', { registration: 'registered' }), 1);
    assert.equal(valueOf(all, 'connector_outbox_entries', { status: 'pending' }), 1);
    assert.ok(valueOf(all, 'connector_outbox_oldest_pending_seconds') >= 30);

    const presenceSince = testApp.store.presenceSince.bind(testApp.store);
    const outboxCounts = testApp.store.outboxCounts.bind(testApp.store);
    testApp.store.presenceSince = async () => {
      throw new Error('database is locked');
    };
    testApp.store.outboxCounts = async () => {
      throw new Error('database is locked');
    };
    all = await scrape();
    for (const name of ['connector_widgets', 'connector_outbox_entries', 'connector_outbox_oldest_pending_seconds']) {
      assert.deepEqual(all.filter((s) => s.name === name), [], `${name} has no sample, rather than the last one`);
    }
    assert.equal(valueOf(all, 'connector_calls_in_progress'), 0, 'the other gauges are read as usual');
    assert.equal(valueOf(all, 'connector_store_scrape_errors_total', { gauge: 'connector_widgets' }), 1);
    assert.equal(valueOf(all, 'connector_store_scrape_errors_total', { gauge: 'connector_outbox_entries' }), 1);
    assert.equal(valueOf(all, 'connector_store_scrape_errors_total', { gauge: 'connector_outbox_oldest_pending_seconds' }), 1);
    assert.ok(
      testApp.logs.some((l) => l.gauge === 'connector_widgets' && l.level === 40),
      'the failure is logged as a warning',
    );

    testApp.store.presenceSince = presenceSince;
    testApp.store.outboxCounts = outboxCounts;
    all = await scrape();
    assert.equal(valueOf(all, 'connector_widgets', { registration: 'registered' }), 1, 'back once the store answers');
    assert.equal(valueOf(all, 'connector_outbox_entries', { status: 'pending' }), 1);
    assert.equal(valueOf(all, 'connector_store_scrape_errors_total', { gauge: 'connector_widgets' }), 1);
  });

  it('reads the outbox counts once per scrape for both outbox gauges', async () => {
    testApp = buildTestApp();
    let reads = 0;
    const outboxCounts = testApp.store.outboxCounts.bind(testApp.store);
    testApp.store.outboxCounts = async (now) => {
      reads += 1;
      return outboxCounts(now);
    };
    await scrape();
    assert.equal(reads, 1);
    await scrape();
    assert.equal(reads, 2);
  });
});
