import assert from 'node:assert/strict';
import nock from 'nock';
import { createSalesforceAdapter } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';
import { silentLogger } from '../crm-test-kit.js';
import {
  SUBTYPE_NOT_UPDATABLE,
  UPSERT_PATH,
  busyToAccount,
  created,
  inboundFromLead,
  manyLogs,
  outboundToContact,
} from './salesforce-call-logs.js';
import { ACCOUNT_ID, CONTACT_ID, LEAD_ID } from './salesforce-records.js';
import { ACCESS_TOKEN, INSTANCE, LOGIN, TOKEN_PATH, jwtSettings, tokenResponse } from './salesforce-test-kit.js';

type UpsertBody = { allOrNone: boolean; records: Record<string, unknown>[] };

/** Answers each upsert with `reply(body)` and keeps every request body. */
function upsertEndpoint(bodies: UpsertBody[], ...replies: ((body: UpsertBody) => unknown)[]) {
  let scope = nock(INSTANCE);
  for (const reply of replies) {
    scope = scope
      .patch(UPSERT_PATH)
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .matchHeader('content-type', 'application/json')
      .reply((_uri, body) => {
        bodies.push(body as UpsertBody);
        return [200, reply(body as UpsertBody)];
      });
  }
  return scope;
}

const allCreated = (body: UpsertBody) => body.records.map((_, i) => created(`00Txx00000${String(i).padStart(8, '0')}`));

describe('Salesforce adapter: upsertCallLogs request', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = (callIdField?: string) =>
    createSalesforceAdapter(jwtSettings(callIdField ? { callIdField } : {}), { logger: silentLogger });
  const login = () => nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());

  it('declares 200 logs per call', () => {
    assert.equal(adapter().maxBatchSize, 200);
  });

  it('sends an answered outbound call to a Contact as a completed call Task on the Contact (WhoId)', async () => {
    const bodies: UpsertBody[] = [];
    const logins = login();
    const api = upsertEndpoint(bodies, allCreated);

    const outcomes = await adapter().upsertCallLogs({ logs: [outboundToContact()] });

    logins.done();
    api.done();
    assert.deepEqual(bodies, [
      {
        allOrNone: false,
        records: [
          {
            attributes: { type: 'Task' },
            CTI_Call_Id__c: 'a84b4c76e66710@pc33.atlanta.example.com',
            Subject: 'Outbound call to +44 20 7946 0958: answered, 3m 12s',
            TaskSubtype: 'Call',
            CallType: 'Outbound',
            CallDurationInSeconds: 192,
            CallDisposition: 'Interested',
            CallObject: 'a84b4c76e66710@pc33.atlanta.example.com',
            Description: 'Wants a quote.\nCall back Monday.\n\nResult: Answered (SIP 200)',
            Status: 'Completed',
            ActivityDate: '2025-03-14',
            WhoId: CONTACT_ID,
            OwnerId: '005xx000001Sv6eAAC',
          },
        ],
      },
    ]);
    assert.deepEqual(outcomes, [{ callId: 'a84b4c76e66710@pc33.atlanta.example.com', outcome: 'stored', crmId: '00Txx0000000000000' }]);
  });

  it('sends an inbound call on a Lead with the result in words, the transfer and the hold time, and no owner', async () => {
    const bodies: UpsertBody[] = [];
    const logins = login();
    const api = upsertEndpoint(bodies, allCreated);

    await adapter().upsertCallLogs({ logs: [inboundFromLead()] });

    logins.done();
    api.done();
    const record = bodies[0]?.records[0];
    assert.equal(record?.CallType, 'Inbound');
    assert.equal(record?.CallDisposition, 'Answered');
    assert.equal(record?.Description, 'Result: Answered (SIP 200)\nTransferred to: +14155550100\nOn hold: 30s');
    assert.equal(record?.WhoId, LEAD_ID);
    assert.ok(!('WhatId' in record!) && !('OwnerId' in record));
  });

  it('relates a call on an Account through WhatId, not WhoId', async () => {
    const bodies: UpsertBody[] = [];
    const logins = login();
    const api = upsertEndpoint(bodies, allCreated);

    await adapter().upsertCallLogs({ logs: [busyToAccount()] });

    logins.done();
    api.done();
    const record = bodies[0]?.records[0];
    assert.equal(record?.WhatId, ACCOUNT_ID);
    assert.ok(!('WhoId' in record!));
    assert.equal(record?.CallDisposition, 'Busy');
    assert.equal(record?.CallDurationInSeconds, 0);
  });

  it('leaves WhoId and WhatId out for a call with no record, or with an id that is not of its object', async () => {
    const bodies: UpsertBody[] = [];
    const logins = login();
    const api = upsertEndpoint(bodies, allCreated);
    const foreign = outboundToContact({ callId: 'foreign@x', record: { objectType: 'Contact', id: '51' } });

    await adapter().upsertCallLogs({ logs: [outboundToContact({ record: null }), foreign] });

    logins.done();
    api.done();
    for (const record of bodies[0]!.records) assert.ok(!('WhoId' in record) && !('WhatId' in record));
  });

  it('sends 200 logs in one request, in order, on the configured External ID field', async () => {
    const bodies: UpsertBody[] = [];
    const logins = login();
    const api = nock(INSTANCE)
      .patch('/services/data/v62.0/composite/sobjects/Task/SIP_Call_ID__c')
      .reply((_uri, body) => {
        bodies.push(body as UpsertBody);
        return [200, allCreated(body as UpsertBody)];
      });
    const logs = manyLogs(200);

    const outcomes = await adapter('SIP_Call_ID__c').upsertCallLogs({ logs });

    logins.done();
    api.done();
    assert.equal(bodies[0]?.records.length, 200);
    assert.deepEqual(bodies[0]?.records.map((r) => r.SIP_Call_ID__c), logs.map((l) => l.callId));
    assert.ok(outcomes.every((o) => o.outcome === 'stored'));
  });

  it('sends existing calls again without TaskSubtype when Salesforce refuses to update it', async () => {
    const bodies: UpsertBody[] = [];
    const logins = login();
    const api = upsertEndpoint(
      bodies,
      () => [SUBTYPE_NOT_UPDATABLE, created('00Txx0000000NEW')],
      () => [created('00Txx0000000OLD', false)],
    );
    const update = outboundToContact({ disposition: 'Callback booked' });
    const fresh = inboundFromLead();

    const outcomes = await adapter().upsertCallLogs({ logs: [update, fresh] });

    logins.done();
    api.done();
    assert.equal(bodies.length, 2);
    assert.ok(bodies[0]!.records.every((r) => r.TaskSubtype === 'Call'));
    assert.deepEqual(bodies[1]!.records.map((r) => r.CTI_Call_Id__c), [update.callId]);
    assert.ok(!('TaskSubtype' in bodies[1]!.records[0]!));
    assert.equal(bodies[1]!.records[0]!.CallDisposition, 'Callback booked');
    assert.deepEqual(outcomes, [
      { callId: update.callId, outcome: 'stored', crmId: '00Txx0000000OLD' },
      { callId: fresh.callId, outcome: 'stored', crmId: '00Txx0000000NEW' },
    ]);
  });

  it('sends logs sharing a Call-ID once (the last wins) and gives each the same outcome', async () => {
    const bodies: UpsertBody[] = [];
    const logins = login();
    const api = upsertEndpoint(bodies, allCreated);
    const first = outboundToContact({ notes: 'draft' });
    const last = outboundToContact({ notes: 'final' });

    const outcomes = await adapter().upsertCallLogs({ logs: [first, last] });

    logins.done();
    api.done();
    assert.equal(bodies[0]?.records.length, 1);
    assert.match(String(bodies[0]?.records[0]?.Description), /^final/);
    assert.deepEqual(outcomes[0], outcomes[1]);
  });

  it('rejects a log whose startedAt is not a date without sending it, and sends nothing for an empty batch', async () => {
    const outcomes = await adapter().upsertCallLogs({ logs: [outboundToContact({ startedAt: 'yesterday' })] });

    assert.deepEqual(outcomes, [
      { callId: outboundToContact().callId, outcome: 'rejected', error: { code: 'INVALID_CALL_LOG', message: 'startedAt is not a date' } },
    ]);
    assert.deepEqual(await adapter().upsertCallLogs({ logs: [] }), []);
  });
});
