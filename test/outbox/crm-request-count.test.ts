import assert from 'node:assert/strict';
import nock from 'nock';
import { createHubSpotAdapter } from '../../connector/src/crm/hubspot/hubspot-adapter.js';
import { createSalesforceAdapter } from '../../connector/src/crm/salesforce/salesforce-adapter.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { OutboxWorker } from '../../connector/src/outbox/outbox-worker.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { API, INSTANCE, LOGIN, refreshSettings, TOKEN_PATH, tokenResponse } from '../crm/salesforce/salesforce-test-kit.js';
import { finishedCall } from './call-events.js';
import { WORKER_OPTIONS } from './worker-options.js';

interface UpsertBody {
  allOrNone: boolean;
  records: Record<string, unknown>[];
}

describe('CRM requests per finished call, through the real adapters', () => {
  let store: SqliteStore;
  beforeEach(() => {
    nock.disableNetConnect();
    store = SqliteStore.open(':memory:');
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
  });

  it('logs 1,000 finished Salesforce calls in 5 upsert requests (plus one login)', async () => {
    const seen: string[] = [];
    const login = nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());
    const upserts = nock(INSTANCE)
      .patch(`${API}/composite/sobjects/Task/CTI_Call_Id__c`)
      .times(5)
      .reply(200, (_uri, body) => {
        const { allOrNone, records } = body as UpsertBody;
        assert.equal(allOrNone, false);
        return records.map((r) => {
          seen.push(String(r.CTI_Call_Id__c));
          return { id: `00T00000000${String(seen.length).padStart(4, '0')}`, success: true, errors: [], created: true };
        });
      });
    const crm = createSalesforceAdapter(refreshSettings(), { logger: createLogger('silent') });
    const worker = new OutboxWorker({ store, crm, logger: createLogger('silent'), options: WORKER_OPTIONS });
    await store.appendCallEvents(Array.from({ length: 1000 }, (_, i) => finishedCall(`sf-${i}`, { notes: `note ${i}` })).flat(), Date.now());

    const result = await worker.tick();

    login.done();
    upserts.done();
    assert.equal(result.requests, 5);
    assert.equal(result.stored, 1000);
    assert.equal(new Set(seen).size, 1000);
  });

  it('logs 1,000 finished HubSpot calls in 10 upsert requests of 100, HubSpot’s batch limit', async () => {
    const upserted: string[] = [];
    const api = nock('https://api.hubapi.com')
      .post('/crm/v3/objects/calls/batch/upsert')
      .times(10)
      .reply(200, (_uri, body) => {
        const { inputs } = body as { inputs: { id: string; objectWriteTraceId?: string }[] };
        assert.ok(inputs.length <= 100);
        upserted.push(...inputs.map((i) => i.id));
        return {
          status: 'COMPLETE',
          results: inputs.map((input, n) => ({
            id: String(9000 + upserted.length + n),
            properties: { cti_call_id: input.id },
            createdAt: '2026-11-23T10:00:00.000Z',
            updatedAt: '2026-11-23T10:00:00.000Z',
            archived: false,
            new: true,
          })),
          startedAt: '2026-11-23T10:00:00.000Z',
          completedAt: '2026-11-23T10:00:00.100Z',
        };
      });
    const crm = createHubSpotAdapter(
      { apiBaseUrl: 'https://api.hubapi.com', auth: { kind: 'private-app', accessToken: 'pat-na1-test' }, callIdProperty: 'cti_call_id', timeoutMs: 2000 },
      { logger: createLogger('silent') },
    );
    const worker = new OutboxWorker({ store, crm, logger: createLogger('silent'), options: WORKER_OPTIONS });
    const calls = Array.from({ length: 1000 }, (_, i) => finishedCall(`hs-${i}`)).flat();
    // No record on these calls: the associations step has nothing to attach, so only upserts are sent.
    await store.appendCallEvents(calls.map((e) => (e.type === 'dialing' ? { ...e, record: null } : e)), Date.now());

    const result = await worker.tick();

    api.done();
    assert.equal(result.requests, 10);
    assert.equal(result.stored, 1000);
    assert.equal(new Set(upserted).size, 1000);
  });
});
