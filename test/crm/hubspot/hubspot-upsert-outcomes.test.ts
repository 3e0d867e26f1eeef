import assert from 'node:assert/strict';
import nock from 'nock';
import { createHubSpotAdapter } from '../../../connector/src/crm/hubspot/hubspot-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import {
  CONTACT_LINKS_PATH,
  UPSERT_PATH,
  complete,
  itemError,
  linked,
  manyLogs,
  multiStatus,
  outboundToContact,
  upserted,
} from './hubspot-call-logs.js';
import { CONTACT_ID } from './hubspot-records.js';
import {
  ACCESS_TOKEN,
  API,
  EXPIRED,
  SECONDLY_LIMIT,
  SECOND_ACCESS_TOKEN,
  TOKEN_PATH,
  oauthSettings,
  privateAppSettings,
  tokenResponse,
} from './hubspot-test-kit.js';

const summary = (outcomes: { callId: string; outcome: string; crmId?: string; error?: { code: string } }[]) =>
  outcomes.map((o) => [o.callId, o.outcome, o.crmId ?? o.error?.code]);

describe('HubSpot adapter: upsertCallLogs outcomes and failures', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = (timeoutMs = 2000) => createHubSpotAdapter(privateAppSettings({ timeoutMs }), { logger: silentLogger });

  it('maps a 207 per item: results stored, errors by the Call-ID in their context, unaccounted items retried', async () => {
    const logs = manyLogs(5);
    const [ok, invalid, race, limited, silent] = logs.map((l) => l.callId) as [string, string, string, string, string];
    const api = nock(API)
      .post(UPSERT_PATH)
      .reply(
        207,
        multiStatus(
          [upserted(ok, '901')],
          [
            itemError('VALIDATION_ERROR', 'Property values were not valid: hs_call_duration', { objectWriteTraceId: [invalid] }),
            itemError('CONFLICT', 'A call with this cti_call_id is being created', { ids: [race] }),
            itemError('RATE_LIMITS', 'Try again later', { objectWriteTraceId: [limited] }),
          ],
        ),
      );

    const outcomes = await adapter().upsertCallLogs({ logs });

    api.done();
    assert.deepEqual(summary(outcomes), [
      [ok, 'stored', '901'],
      [invalid, 'rejected', 'VALIDATION_ERROR'],
      [race, 'retry', 'CONFLICT'],
      [limited, 'retry', 'RATE_LIMITS'],
      [silent, 'retry', 'NOT_CONFIRMED'],
    ]);
    const rejected = outcomes[1]!;
    assert.ok(rejected.outcome === 'rejected');
    assert.equal(rejected.error.message, 'VALIDATION_ERROR: Property values were not valid: hs_call_duration');
  });

  it('retries every unconfirmed item when an error names none of them, quoting that error', async () => {
    const logs = manyLogs(2);
    const api = nock(API)
      .post(UPSERT_PATH)
      .reply(207, multiStatus([], [itemError('VALIDATION_ERROR', 'Something was wrong', {})]));

    const outcomes = await adapter().upsertCallLogs({ logs });

    api.done();
    assert.ok(outcomes.every((o) => o.outcome === 'retry' && o.error.code === 'NOT_CONFIRMED' && /Something was wrong/.test(o.error.message)));
  });

  it('keeps a stored call to retry when HubSpot does not confirm its association, or rejects it when the contact is gone', async () => {
    const logs = [
      outboundToContact({ callId: 'kept@x' }),
      outboundToContact({ callId: 'lost@x' }),
      outboundToContact({ callId: 'gone@x', record: { objectType: 'Contact', id: '404' } }),
    ];
    const api = nock(API)
      .post(UPSERT_PATH)
      .reply(200, complete([upserted('kept@x', '1'), upserted('lost@x', '2'), upserted('gone@x', '3')]))
      .post(CONTACT_LINKS_PATH)
      .reply(207, multiStatus([linked('1', CONTACT_ID)], [itemError('OBJECT_NOT_FOUND', 'No contact 404', { toObjectId: ['404'] })]));

    const outcomes = await adapter().upsertCallLogs({ logs });

    api.done();
    assert.deepEqual(summary(outcomes), [
      ['kept@x', 'stored', '1'],
      ['lost@x', 'retry', 'ASSOCIATION_NOT_CONFIRMED'],
      ['gone@x', 'rejected', 'ASSOCIATION_REJECTED'],
    ]);
  });

  it('rejects the links of an association request HubSpot refuses as a whole (400), keeping the call ids in the message', async () => {
    const log = outboundToContact();
    const api = nock(API)
      .post(UPSERT_PATH)
      .reply(200, complete([upserted(log.callId, '512')]))
      .post(CONTACT_LINKS_PATH)
      .reply(400, { status: 'error', message: 'Invalid input', category: 'VALIDATION_ERROR', correlationId: 'x' });

    const [outcome] = await adapter().upsertCallLogs({ logs: [log] });

    api.done();
    assert.ok(outcome?.outcome === 'rejected');
    assert.equal(outcome.error.code, 'ASSOCIATION_REJECTED');
    assert.match(outcome.error.message, /Call 512 is logged/);
  });

  it('throws when the association request fails as a whole otherwise, so the batch is retried', async () => {
    const log = outboundToContact();
    const api = nock(API)
      .post(UPSERT_PATH)
      .reply(200, complete([upserted(log.callId, '512')]))
      .post(CONTACT_LINKS_PATH)
      .reply(503, 'Service Unavailable');

    assert.equal((await rejection(adapter().upsertCallLogs({ logs: [log] }))).kind, 'unavailable');
    api.done();
  });

  it('refreshes the OAuth token once on a 401 and upserts with the new one', async () => {
    const login = nock(API).post(TOKEN_PATH).reply(200, tokenResponse(ACCESS_TOKEN)).post(TOKEN_PATH).reply(200, tokenResponse(SECOND_ACCESS_TOKEN));
    const log = outboundToContact({ record: null });
    const api = nock(API)
      .post(UPSERT_PATH)
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .reply(401, EXPIRED)
      .post(UPSERT_PATH, (body: { inputs: unknown[] }) => body.inputs.length === 1)
      .matchHeader('authorization', `Bearer ${SECOND_ACCESS_TOKEN}`)
      .reply(200, complete([upserted(log.callId, '512')]));

    const outcomes = await createHubSpotAdapter(oauthSettings(), { logger: silentLogger }).upsertCallLogs({ logs: [log] });

    login.done();
    api.done();
    assert.equal(outcomes[0]?.outcome, 'stored');
  });

  const faults: [string, number, unknown, string][] = [
    ['400 VALIDATION_ERROR for the whole batch', 400, { status: 'error', message: 'Invalid input JSON', category: 'VALIDATION_ERROR', correlationId: 'x' }, 'bad-request'],
    ['429 secondly limit', 429, SECONDLY_LIMIT, 'rate-limited'],
    ['502', 502, '<html>Bad Gateway</html>', 'unavailable'],
    ['500 INTERNAL_ERROR', 500, { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' }, 'unavailable'],
    ['200 with malformed JSON', 200, '{"status":"COMPLETE","results":[', 'bad-response'],
    ['200 without results', 200, { status: 'COMPLETE' }, 'bad-response'],
    ['200 with a result without id', 200, complete([{ properties: {} }]), 'bad-response'],
  ];
  for (const [name, status, body, kind] of faults) {
    it(`throws ${kind} for the whole batch on ${name}`, async () => {
      const api = nock(API).post(UPSERT_PATH).reply(status, body as nock.Body);

      const error = await rejection(adapter().upsertCallLogs({ logs: manyLogs(2) }));

      api.done();
      assert.equal(error.kind, kind);
      if (kind === 'bad-request') assert.match(error.message, /HUBSPOT_CALL_ID_PROPERTY \(cti_call_id\)/);
      if (kind === 'rate-limited') assert.equal(error.details.crmCode, 'RATE_LIMIT');
    });
  }

  it('throws timeout when HubSpot does not answer within timeoutMs', async () => {
    const api = nock(API).post(UPSERT_PATH).delay(500).reply(200, complete([]));

    assert.equal((await rejection(adapter(100).upsertCallLogs({ logs: manyLogs(1) }))).kind, 'timeout');
    api.done();
  });

  it('refuses more than 100 logs, rejects a log without a start date unsent, and sends nothing for an empty batch', async () => {
    assert.equal((await rejection(adapter().upsertCallLogs({ logs: manyLogs(101) }))).kind, 'bad-request');
    const [bad] = await adapter().upsertCallLogs({ logs: [outboundToContact({ startedAt: 'soon' })] });
    assert.ok(bad?.outcome === 'rejected' && bad.error.code === 'INVALID_CALL_LOG');
    assert.deepEqual(await adapter().upsertCallLogs({ logs: [] }), []);
  });

  it('sends logs sharing a Call-ID once (the last wins) and gives each the same outcome', async () => {
    let sent: { inputs: { properties: Record<string, string> }[] } | undefined;
    const first = outboundToContact({ record: null, notes: 'draft' });
    const last = outboundToContact({ record: null, notes: 'final' });
    const api = nock(API)
      .post(UPSERT_PATH, (body: typeof sent) => ((sent = body), true))
      .reply(200, complete([upserted(last.callId, '77')]));

    const outcomes = await adapter().upsertCallLogs({ logs: [first, last] });

    api.done();
    assert.equal(sent?.inputs.length, 1);
    assert.match(sent!.inputs[0]!.properties.hs_call_body!, /^final/);
    assert.deepEqual(outcomes[0], outcomes[1]);
  });
});
