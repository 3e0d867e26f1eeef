import assert from 'node:assert/strict';
import nock from 'nock';
import { createHubSpotAdapter } from '../../../connector/src/crm/hubspot/hubspot-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import { API, SECONDLY_LIMIT, privateAppSettings } from './hubspot-test-kit.js';

const PING = '/crm/v3/objects/contacts';

describe('HubSpot adapter: ping and API errors', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = (timeoutMs = 2000) => createHubSpotAdapter(privateAppSettings({ timeoutMs }), { logger: silentLogger });

  it('pings with GET /crm/v3/objects/contacts?limit=1', async () => {
    const api = nock(API).get(PING).query({ limit: '1' }).reply(200, { results: [] });

    await adapter().ping();

    api.done();
  });

  it('maps 429 to rate-limited, naming the policy', async () => {
    const api = nock(API).get(PING).query(true).reply(429, SECONDLY_LIMIT);

    const error = await rejection(adapter().ping());

    api.done();
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.retryable, true);
    assert.deepEqual(error.details, { crm: 'hubspot', status: 429, crmCode: 'RATE_LIMIT' });
    assert.match(error.message, /secondly rate limit/);
  });

  it('maps 403 MISSING_SCOPES to auth', async () => {
    const api = nock(API)
      .get(PING)
      .query(true)
      .reply(403, { status: 'error', message: "This app hasn't been granted all required scopes", category: 'MISSING_SCOPES', correlationId: 'x' });

    const error = await rejection(adapter().ping());

    api.done();
    assert.equal(error.kind, 'auth');
    assert.equal(error.details.crmCode, 'MISSING_SCOPES');
  });

  it('maps 5xx to unavailable', async () => {
    const api = nock(API).get(PING).query(true).reply(500, { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' });

    assert.equal((await rejection(adapter().ping())).kind, 'unavailable');
    api.done();
  });

  it('maps a 200 that is not a JSON object to bad-response', async () => {
    const api = nock(API).get(PING).query(true).reply(200, '[]');

    assert.equal((await rejection(adapter().ping())).kind, 'bad-response');
    api.done();
  });

  it('maps no answer within timeoutMs to timeout', async () => {
    const api = nock(API).get(PING).query(true).delay(500).reply(200, { results: [] });

    assert.equal((await rejection(adapter(100).ping())).kind, 'timeout');
    api.done();
  });

  it('maps a refused connection to unavailable', async () => {
    const api = nock(API)
      .get(PING)
      .query(true)
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

    const error = await rejection(adapter().ping());

    api.done();
    assert.equal(error.kind, 'unavailable');
    assert.match(error.message, /ECONNREFUSED/);
  });
});
