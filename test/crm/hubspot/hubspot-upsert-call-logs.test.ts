import assert from 'node:assert/strict';
import nock from 'nock';
import { createHubSpotAdapter } from '../../../connector/src/crm/hubspot/hubspot-adapter.js';
import { silentLogger } from '../crm-test-kit.js';
import {
  COMPANY_LINKS_PATH,
  CONNECTED,
  CONTACT_LINKS_PATH,
  UPSERT_PATH,
  complete,
  inboundFromCompany,
  linked,
  manyLogs,
  outboundToContact,
  upserted,
} from './hubspot-call-logs.js';
import { COMPANY_ID, CONTACT_ID } from './hubspot-records.js';
import { API, PRIVATE_APP_TOKEN, privateAppSettings } from './hubspot-test-kit.js';

type Inputs = { inputs: { idProperty: string; id: string; objectWriteTraceId: string; properties: Record<string, string> }[] };

describe('HubSpot adapter: upsertCallLogs requests', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = (callIdProperty = 'cti_call_id') =>
    createHubSpotAdapter(privateAppSettings({ callIdProperty }), { logger: silentLogger });

  it('declares 100 logs per call', () => {
    assert.equal(adapter().maxBatchSize, 100);
  });

  it('upserts an answered outbound call on the Call-ID property, then attaches it to its contact (type 194)', async () => {
    const bodies: unknown[] = [];
    const log = outboundToContact();
    const api = nock(API)
      .post(UPSERT_PATH, (body) => (bodies.push(body), true))
      .matchHeader('authorization', `Bearer ${PRIVATE_APP_TOKEN}`)
      .reply(200, complete([upserted(log.callId, '512')]))
      .post(CONTACT_LINKS_PATH, (body) => (bodies.push(body), true))
      .reply(201, complete([linked('512', CONTACT_ID)]));

    const outcomes = await adapter().upsertCallLogs({ logs: [log] });

    api.done();
    assert.deepEqual(bodies[0], {
      inputs: [
        {
          idProperty: 'cti_call_id',
          id: log.callId,
          objectWriteTraceId: log.callId,
          properties: {
            hs_timestamp: '2025-03-14T23:58:01.000Z',
            hs_call_title: 'Outbound call to +44 20 7946 0958: answered, 3m 12s',
            hs_call_body:
              'Wants a quote &lt;by Monday&gt; &amp; a call back.<br>Prefers mornings.<br><br>Result: Answered (SIP 200)',
            hs_call_direction: 'OUTBOUND',
            hs_call_duration: '192000',
            hs_call_status: 'COMPLETED',
            hs_call_from_number: 'sip:agent7@pbx.demo.test',
            hs_call_to_number: '+442079460958',
            cti_call_id: log.callId,
            hs_call_disposition: CONNECTED,
            hubspot_owner_id: '67890',
          },
        },
      ],
    });
    assert.deepEqual(bodies[1], {
      inputs: [{ from: { id: '512' }, to: { id: CONTACT_ID }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }],
    });
    assert.deepEqual(outcomes, [{ callId: log.callId, outcome: 'stored', crmId: '512' }]);
  });

  it('puts a disposition that is not a HubSpot outcome GUID in the body, and attaches a company call with type 182', async () => {
    const bodies: Inputs[] = [];
    const links: unknown[] = [];
    const log = inboundFromCompany({ holdSeconds: 65, transferTarget: '+14155550100' });
    const api = nock(API)
      .post(UPSERT_PATH, (body: Inputs) => (bodies.push(body), true))
      .reply(200, complete([upserted(log.callId, '513')]))
      .post(COMPANY_LINKS_PATH, (body) => (links.push(body), true))
      .reply(201, complete([linked('513', COMPANY_ID, '0-2')]));

    await adapter().upsertCallLogs({ logs: [log] });

    api.done();
    const properties = bodies[0]!.inputs[0]!.properties;
    assert.equal(properties.hs_call_direction, 'INBOUND');
    assert.equal(properties.hs_call_status, 'BUSY');
    assert.equal(properties.hs_call_duration, '0');
    assert.equal(properties.hs_call_body, 'Result: Busy (SIP 486)<br>Disposition: Call back later<br>Transferred to: +14155550100<br>On hold: 1m 5s');
    assert.ok(!('hs_call_disposition' in properties) && !('hubspot_owner_id' in properties));
    assert.deepEqual(links, [
      { inputs: [{ from: { id: '513' }, to: { id: COMPANY_ID }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 182 }] }] },
    ]);
  });

  it('maps each result to a call status: no answer, cancelled, declined, failed, abandoned', async () => {
    const results = ['no-answer', 'cancelled', 'declined', 'failed', 'abandoned'] as const;
    const logs = results.map((result, i) => outboundToContact({ callId: `r${i}@x`, result, record: null }));
    let sent: Inputs | undefined;
    const api = nock(API)
      .post(UPSERT_PATH, (body: Inputs) => ((sent = body), true))
      .reply(200, complete(logs.map((l, i) => upserted(l.callId, String(600 + i)))));

    await adapter().upsertCallLogs({ logs });

    api.done();
    assert.deepEqual(sent?.inputs.map((i) => i.properties.hs_call_status), ['NO_ANSWER', 'CANCELED', 'BUSY', 'FAILED', 'FAILED']);
  });

  it('sends no association for a call with no record, on a Lead, or with an id that is not HubSpot\'s', async () => {
    const logs = [
      outboundToContact({ callId: 'none@x', record: null }),
      outboundToContact({ callId: 'lead@x', record: { objectType: 'Lead', id: '77' } }),
      outboundToContact({ callId: 'sf@x', record: { objectType: 'Contact', id: '003xx000004TmiQAAS' } }),
    ];
    const api = nock(API).post(UPSERT_PATH).reply(200, complete(logs.map((l, i) => upserted(l.callId, String(700 + i)))));

    const outcomes = await adapter().upsertCallLogs({ logs });

    api.done();
    assert.ok(outcomes.every((o) => o.outcome === 'stored'));
  });

  it('sends 100 logs in one request on the configured property, and one association request per target type', async () => {
    const logs = manyLogs(100).map((log, i) =>
      i % 2 === 0 ? log : { ...log, record: { objectType: i % 4 === 1 ? ('Contact' as const) : ('Account' as const), id: String(1000 + i) } },
    );
    let sent: Inputs | undefined;
    const links: Record<string, { inputs: unknown[] }> = {};
    const ids = logs.map((_, i) => String(5000 + i));
    const api = nock(API)
      .post(UPSERT_PATH, (body: Inputs) => ((sent = body), true))
      .reply(200, complete(logs.map((l, i) => ({ ...upserted(l.callId, ids[i]!), objectWriteTraceId: undefined, properties: { call_key: l.callId } }))))
      .post(CONTACT_LINKS_PATH, (body: { inputs: unknown[] }) => ((links.contacts = body), true))
      .reply(201, (_uri, body: { inputs: { from: { id: string }; to: { id: string } }[] }) => complete(body.inputs.map((i) => linked(i.from.id, i.to.id))))
      .post(COMPANY_LINKS_PATH, (body: { inputs: unknown[] }) => ((links.companies = body), true))
      .reply(201, (_uri, body: { inputs: { from: { id: string }; to: { id: string } }[] }) => complete(body.inputs.map((i) => linked(i.from.id, i.to.id, '0-2'))));

    const outcomes = await adapter('call_key').upsertCallLogs({ logs });

    api.done();
    assert.equal(sent?.inputs.length, 100);
    assert.ok(sent?.inputs.every((input, i) => input.idProperty === 'call_key' && input.id === logs[i]!.callId && input.properties.call_key === logs[i]!.callId));
    assert.equal(links.contacts?.inputs.length, 25);
    assert.equal(links.companies?.inputs.length, 25);
    assert.deepEqual(outcomes.map((o) => (o.outcome === 'stored' ? o.crmId : o.outcome)), ids);
  });
});
