import assert from 'node:assert/strict';
import nock from 'nock';
import { createHubSpotAdapter } from '../../../connector/src/crm/hubspot/hubspot-adapter.js';
import { capturedLogger, rejection } from '../crm-test-kit.js';
import { UPSERT_PATH, complete, itemError, multiStatus, outboundToContact, upserted } from './hubspot-call-logs.js';
import { CONTACT_ID, contact, searchAnswer } from './hubspot-records.js';
import {
  ACCESS_TOKEN,
  API,
  CLIENT_SECRET,
  EXPIRED,
  PRIVATE_APP_TOKEN,
  REFRESH_TOKEN,
  SECOND_ACCESS_TOKEN,
  TOKEN_PATH,
  oauthSettings,
  privateAppSettings,
  tokenResponse,
} from './hubspot-test-kit.js';

const SECRETS = [PRIVATE_APP_TOKEN, ACCESS_TOKEN, SECOND_ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET];

function assertNoSecrets(output: string) {
  assert.ok(output.length > 0, 'something was logged');
  for (const secret of SECRETS) assert.ok(!output.includes(secret), `log holds a secret: ${secret.slice(0, 6)}...`);
  assert.doesNotMatch(output, /Bearer /, 'log holds an Authorization header');
}

describe('HubSpot adapter: logs', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('never logs the access token, refresh token or client secret (OAuth: refresh, 401, refused refresh, at trace level)', async () => {
    const { logger, output } = capturedLogger();
    const login = nock(API)
      .post(TOKEN_PATH)
      .reply(200, tokenResponse(ACCESS_TOKEN))
      .post(TOKEN_PATH)
      .reply(200, tokenResponse(SECOND_ACCESS_TOKEN))
      .post(TOKEN_PATH)
      .reply((_uri, body) => {
        const form = new URLSearchParams(String(body));
        return [400, { status: 'BAD_REFRESH_TOKEN', message: `unknown ${form.get('refresh_token')} for ${form.get('client_secret')}` }];
      });
    const api = nock(API)
      .get(`/crm/v3/objects/contacts/${CONTACT_ID}`)
      .query(true)
      .reply(401, { ...EXPIRED, message: `Token ${ACCESS_TOKEN} expired` })
      .get(`/crm/v3/objects/contacts/${CONTACT_ID}`)
      .query(true)
      .reply(200, contact())
      .get('/crm/v3/objects/contacts')
      .query(true)
      .reply(401, EXPIRED);
    const adapter = createHubSpotAdapter(oauthSettings(), { logger });

    await adapter.getRecord({ objectType: 'Contact', id: CONTACT_ID });
    const error = await rejection(adapter.ping());

    login.done();
    api.done();
    assert.equal(error.kind, 'auth');
    assert.ok(!error.message.includes(REFRESH_TOKEN) && !error.message.includes(CLIENT_SECRET));
    assertNoSecrets(output());
    assert.match(output(), /"operation":"getRecord"/);
    assert.match(output(), /"crmCode":"BAD_REFRESH_TOKEN"/);
  });

  it('never logs a private app token, the numbers searched, or call notes and numbers', async () => {
    const { logger, output } = capturedLogger();
    const log = outboundToContact({ record: null });
    const api = nock(API)
      .post('/crm/v3/objects/contacts/search')
      .reply(200, searchAnswer([contact()]))
      .post('/crm/v3/objects/companies/search')
      .reply(200, searchAnswer([]))
      .post(UPSERT_PATH)
      .reply(207, multiStatus([], [itemError('VALIDATION_ERROR', 'Wants a quote is not allowed', { objectWriteTraceId: [log.callId] })]))
      .post(UPSERT_PATH)
      .reply(200, complete([upserted(log.callId, '9')]));
    const adapter = createHubSpotAdapter(privateAppSettings(), { logger });

    await adapter.findByPhone({ e164: '+442079460958', nationalDigits: '2079460958' });
    await adapter.upsertCallLogs({ logs: [log] });
    await adapter.upsertCallLogs({ logs: [log] });

    api.done();
    assertNoSecrets(output());
    assert.match(output(), /"operation":"upsertCallLogs"/);
    assert.match(output(), /VALIDATION_ERROR/);
    for (const text of ['2079460958', '7946 0958', 'Wants a quote', 'Prefers mornings']) {
      assert.ok(!output().includes(text), `log holds ${text}`);
    }
  });
});
