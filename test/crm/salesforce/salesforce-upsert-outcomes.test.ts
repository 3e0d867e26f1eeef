import assert from 'node:assert/strict';
import nock from 'nock';
import type { CallLog } from '../../../connector/src/crm/call-log.js';
import { createSalesforceAdapter } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import { SUBTYPE_NOT_UPDATABLE, UPSERT_PATH, created, failed, manyLogs, outboundToContact } from './salesforce-call-logs.js';
import {
  ACCESS_TOKEN,
  INSTANCE,
  INVALID_SESSION,
  LOGIN,
  SECOND_ACCESS_TOKEN,
  TOKEN_PATH,
  jwtSettings,
  tokenResponse,
} from './salesforce-test-kit.js';

describe('Salesforce adapter: upsertCallLogs outcomes and failures', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = (timeoutMs = 2000) => createSalesforceAdapter(jwtSettings({ timeoutMs }), { logger: silentLogger });
  const login = () => nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());
  const logs = (count: number): CallLog[] => manyLogs(count);

  it('maps each item: success to stored, transient codes and a Call-ID race to retry, the rest to rejected', async () => {
    const batch = logs(8);
    const logins = login();
    const api = nock(INSTANCE)
      .patch(UPSERT_PATH)
      .reply(200, [
        created('00Txx0000001'),
        failed('UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record'),
        failed('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['WhoId']),
        failed('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Calls need a disposition', []),
        failed('DUPLICATE_VALUE', 'duplicate value found: CTI_Call_Id__c duplicates value on record with id: 00Txx0000009', ['CTI_Call_Id__c']),
        failed('DUPLICATE_VALUE', 'duplicate value found: Other_Key__c', ['Other_Key__c']),
        failed('INVALID_FIELD', "No such column 'CallObject' on sobject of type Task", []),
        { success: false, errors: [] },
      ]);

    const outcomes = await adapter().upsertCallLogs({ logs: batch });

    logins.done();
    api.done();
    assert.deepEqual(
      outcomes.map((o) => [o.callId, o.outcome, o.outcome === 'stored' ? o.crmId : o.error.code]),
      [
        [batch[0]!.callId, 'stored', '00Txx0000001'],
        [batch[1]!.callId, 'retry', 'UNABLE_TO_LOCK_ROW'],
        [batch[2]!.callId, 'rejected', 'INVALID_CROSS_REFERENCE_KEY'],
        [batch[3]!.callId, 'rejected', 'FIELD_CUSTOM_VALIDATION_EXCEPTION'],
        [batch[4]!.callId, 'retry', 'DUPLICATE_VALUE'],
        [batch[5]!.callId, 'rejected', 'DUPLICATE_VALUE'],
        [batch[6]!.callId, 'rejected', 'INVALID_FIELD'],
        [batch[7]!.callId, 'retry', 'UNKNOWN'],
      ],
    );
    const rejected = outcomes[2]!;
    assert.ok(rejected.outcome === 'rejected');
    assert.equal(rejected.error.message, 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id [WhoId]');
  });

  it('logs in again and retries once when the session expired (401 INVALID_SESSION_ID), then stores', async () => {
    const logins = nock(LOGIN)
      .post(TOKEN_PATH)
      .reply(200, tokenResponse(ACCESS_TOKEN))
      .post(TOKEN_PATH)
      .reply(200, tokenResponse(SECOND_ACCESS_TOKEN));
    const api = nock(INSTANCE)
      .patch(UPSERT_PATH)
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .reply(401, INVALID_SESSION)
      .patch(UPSERT_PATH, (body: { records: unknown[] }) => body.records.length === 1)
      .matchHeader('authorization', `Bearer ${SECOND_ACCESS_TOKEN}`)
      .reply(200, [created('00Txx0000001')]);

    const outcomes = await adapter().upsertCallLogs({ logs: [outboundToContact()] });

    logins.done();
    api.done();
    assert.equal(outcomes[0]?.outcome, 'stored');
  });

  const faults: [string, number, unknown, string][] = [
    ['401 twice', 401, INVALID_SESSION, 'auth'],
    ['403 REQUEST_LIMIT_EXCEEDED', 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 'rate-limited'],
    ['429', 429, 'Too Many Requests', 'rate-limited'],
    ['503', 503, [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }], 'unavailable'],
    ['500 with an HTML page', 500, '<html>Internal Server Error</html>', 'unavailable'],
    ['400 JSON_PARSER_ERROR', 400, [{ message: 'Unexpected character', errorCode: 'JSON_PARSER_ERROR' }], 'bad-request'],
    ['200 with malformed JSON', 200, '[{"id": "00T", "success": tr', 'bad-response'],
    ['200 with an object, not an array', 200, { records: [] }, 'bad-response'],
    ['200 with fewer results than records', 200, [created('00Txx0000001')], 'bad-response'],
    ['200 with an item without success', 200, [{ id: '00T' }, created('00T2')], 'bad-response'],
  ];
  for (const [name, status, body, kind] of faults) {
    it(`throws ${kind} for the whole batch on ${name}`, async () => {
      const logins = status === 401 ? nock(LOGIN).post(TOKEN_PATH).twice().reply(200, tokenResponse()) : login();
      const api = nock(INSTANCE).patch(UPSERT_PATH).times(status === 401 ? 2 : 1).reply(status, body as nock.Body);

      const error = await rejection(adapter().upsertCallLogs({ logs: logs(2) }));

      logins.done();
      api.done();
      assert.equal(error.kind, kind);
    });
  }

  it('throws bad-request naming SF_CALL_ID_FIELD when the External ID field does not exist (404)', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .patch(UPSERT_PATH)
      .reply(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);

    const error = await rejection(adapter().upsertCallLogs({ logs: logs(1) }));

    logins.done();
    api.done();
    assert.equal(error.kind, 'bad-request');
    assert.match(error.message, /SF_CALL_ID_FIELD/);
  });

  it('throws timeout when Salesforce does not answer within timeoutMs', async () => {
    const logins = login();
    const api = nock(INSTANCE).patch(UPSERT_PATH).delay(500).reply(200, [created('00T1')]);

    const error = await rejection(adapter(100).upsertCallLogs({ logs: logs(1) }));

    logins.done();
    api.done();
    assert.equal(error.kind, 'timeout');
  });

  it('throws when the resend without TaskSubtype fails as a whole, so the batch is retried', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .patch(UPSERT_PATH)
      .reply(200, [SUBTYPE_NOT_UPDATABLE])
      .patch(UPSERT_PATH)
      .reply(503, [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);

    const error = await rejection(adapter().upsertCallLogs({ logs: logs(1) }));

    logins.done();
    api.done();
    assert.equal(error.kind, 'unavailable');
  });

  it('refuses more than 200 logs without sending anything', async () => {
    const error = await rejection(adapter().upsertCallLogs({ logs: logs(201) }));

    assert.equal(error.kind, 'bad-request');
  });
});
