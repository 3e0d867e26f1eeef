import assert from 'node:assert/strict';
import nock from 'nock';
import { createSalesforceAdapter } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import {
  API,
  INSTANCE,
  LOGIN,
  TOKEN_PATH,
  jwtSettings,
  tokenResponse,
  unmatchedRequests,
} from './salesforce-test-kit.js';

describe('Salesforce adapter: ping and close', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  const adapter = () => createSalesforceAdapter(jwtSettings(), { logger: silentLogger });
  const login = () => nock(LOGIN).post(TOKEN_PATH).reply(200, tokenResponse());

  it('is named salesforce', () => {
    assert.equal(adapter().name, 'salesforce');
  });

  it('sends nothing until the first call', () => {
    const unmatched = unmatchedRequests();
    adapter();
    unmatched.stop();
    assert.equal(unmatched.count(), 0);
  });

  it('resolves when the API version resource answers an authenticated request', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .get(`${API}/`)
      .reply(200, { sobjects: `${API}/sobjects`, query: `${API}/query`, search: `${API}/search` });

    await adapter().ping();

    logins.done();
    api.done();
  });

  it('throws unavailable when Salesforce is down for maintenance', async () => {
    const logins = login();
    const api = nock(INSTANCE).get(`${API}/`).reply(503, 'Down for maintenance');

    assert.equal((await rejection(adapter().ping())).kind, 'unavailable');
    logins.done();
    api.done();
  });

  it('throws bad-request naming SF_API_VERSION when the org does not serve that version', async () => {
    const logins = login();
    const api = nock(INSTANCE)
      .get(`${API}/`)
      .reply(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);

    const error = await rejection(adapter().ping());

    logins.done();
    api.done();
    assert.equal(error.kind, 'bad-request');
    assert.match(error.message, /SF_API_VERSION/);
  });

  it('counts requests the test did not expect (the helper the no-request tests rely on)', async () => {
    const unmatched = unmatchedRequests();
    const error = await rejection(adapter().ping());
    unmatched.stop();

    assert.equal(error.kind, 'unavailable');
    assert.equal(unmatched.count(), 1);
  });

  it('closes without any request', async () => {
    const unmatched = unmatchedRequests();
    await adapter().close();
    unmatched.stop();
    assert.equal(unmatched.count(), 0);
  });
});
