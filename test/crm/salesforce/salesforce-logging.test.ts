import assert from 'node:assert/strict';
import nock from 'nock';
import { createSalesforceAdapter, type SalesforceSettings } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';
import { capturedLogger, rejection } from '../crm-test-kit.js';
import { UPSERT_PATH, failed, outboundToContact } from './salesforce-call-logs.js';
import { CONTACT_ID, contact, queryResponse } from './salesforce-records.js';
import {
  ACCESS_TOKEN,
  API,
  CLIENT_SECRET,
  INSTANCE,
  INVALID_SESSION,
  LOGIN,
  REFRESH_TOKEN,
  SECOND_ACCESS_TOKEN,
  TOKEN_PATH,
  jwtSettings,
  keys,
  refreshSettings,
  tokenResponse,
} from './salesforce-test-kit.js';

/**
 * Pieces of every secret the adapter holds; none may appear in a log line. The refused login echoes the assertion or
 * refresh token and client secret back, to prove they are scrubbed even when Salesforce repeats them.
 */
const SECRETS = [ACCESS_TOKEN, SECOND_ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, keys.privateKey.split('\n')[5]!];

function assertNoSecrets(output: string) {
  assert.ok(output.length > 0, 'something was logged');
  for (const secret of SECRETS) assert.ok(!output.includes(secret), `log holds a secret: ${secret.slice(0, 6)}...`);
  assert.doesNotMatch(output, /eyJ[\w-]+\.[\w-]+\./, 'log holds a JWT');
  assert.doesNotMatch(output, /Bearer /, 'log holds an Authorization header');
}

async function exercise(settings: SalesforceSettings) {
  const { logger, output } = capturedLogger();
  const logins = nock(LOGIN)
    .post(TOKEN_PATH)
    .reply(200, tokenResponse(ACCESS_TOKEN))
    .post(TOKEN_PATH)
    .reply(200, tokenResponse(SECOND_ACCESS_TOKEN))
    .post(TOKEN_PATH)
    .reply((_uri, body) => {
      const form = new URLSearchParams(String(body));
      const echoed = form.get('assertion') ?? form.get('refresh_token');
      return [400, { error: 'invalid_grant', error_description: `rejected ${echoed} for ${form.get('client_secret')}` }];
    });
  const api = nock(INSTANCE)
    .get(`${API}/query`)
    .query(true)
    .reply(401, INVALID_SESSION)
    .get(`${API}/query`)
    .query(true)
    .reply(200, queryResponse([contact()]))
    .get(`${API}/search`)
    .query(true)
    .reply(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }])
    .get(`${API}/`)
    .reply(401, INVALID_SESSION);
  const adapter = createSalesforceAdapter(settings, { logger });

  await adapter.getRecord({ objectType: 'Contact', id: CONTACT_ID });
  assert.equal((await rejection(adapter.findByPhone({ e164: '+14155552671', nationalDigits: '4155552671' }))).kind, 'rate-limited');
  assert.equal((await rejection(adapter.ping())).kind, 'auth');

  logins.done();
  api.done();
  return output();
}

describe('Salesforce adapter: logs', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('never logs a token, the assertion or the private key (JWT flow, success and failures, at trace level)', async () => {
    const output = await exercise(jwtSettings());

    assertNoSecrets(output);
    assert.match(output, /"operation":"getRecord"/);
    assert.match(output, /"crmCode":"REQUEST_LIMIT_EXCEEDED"/);
  });

  it('never logs the refresh token or client secret (refresh-token flow)', async () => {
    const output = await exercise(refreshSettings());

    assertNoSecrets(output);
    assert.match(output, /"crmCode":"invalid_grant"/);
  });

  it('never logs the phone number searched', async () => {
    const { logger, output } = capturedLogger();
    const logins = nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());
    const api = nock(INSTANCE).get(`${API}/search`).query(true).reply(200, { searchRecords: [] });

    await createSalesforceAdapter(jwtSettings(), { logger }).findByPhone({ e164: '+14155552671', nationalDigits: '4155552671' });

    logins.done();
    api.done();
    assert.match(output(), /"operation":"findByPhone"/);
    assert.ok(!output().includes('4155552671'));
  });

  it('never logs call notes, numbers or Salesforce item messages when upserting call logs', async () => {
    const { logger, output } = capturedLogger();
    const logins = nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());
    const api = nock(INSTANCE)
      .patch(UPSERT_PATH)
      .reply(200, [failed('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Notes must not mention Wants a quote')]);
    const log = outboundToContact({ transferTarget: '+14155550100' });

    await createSalesforceAdapter(jwtSettings(), { logger }).upsertCallLogs({ logs: [log] });

    logins.done();
    api.done();
    assert.match(output(), /"operation":"upsertCallLogs"/);
    assert.match(output(), /FIELD_CUSTOM_VALIDATION_EXCEPTION/);
    for (const secret of ['Wants a quote', '2079460958', '4155550100', '7946 0958']) {
      assert.ok(!output().includes(secret), `log holds ${secret}`);
    }
  });
});
