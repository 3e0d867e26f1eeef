import assert from 'node:assert/strict';
import nock from 'nock';
import { createHubSpotAdapter } from '../../../connector/src/crm/hubspot/hubspot-adapter.js';
import { rejection, silentLogger } from '../crm-test-kit.js';
import {
  ACCESS_TOKEN,
  API,
  CLIENT_ID,
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

const PING = '/crm/v3/objects/contacts';
const page = { results: [], paging: {} };

/** Records each token request's form and answers with `reply`. */
function tokenEndpoint(forms: URLSearchParams[], ...replies: [number, unknown][]) {
  let scope = nock(API);
  for (const [status, reply] of replies) {
    scope = scope
      .post(TOKEN_PATH)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply((_uri, body) => {
        forms.push(new URLSearchParams(String(body)));
        return [status, reply as nock.Body];
      });
  }
  return scope;
}

describe('HubSpot adapter: auth', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('sends a private app token as a Bearer token, with no token request', async () => {
    const api = nock(API).get(PING).query({ limit: '1' }).matchHeader('authorization', `Bearer ${PRIVATE_APP_TOKEN}`).reply(200, page);

    await createHubSpotAdapter(privateAppSettings(), { logger: silentLogger }).ping();

    api.done();
  });

  it('gives up with auth at once when a private app token is refused: there is nothing to refresh', async () => {
    const api = nock(API).get(PING).query(true).once().reply(401, EXPIRED);

    const error = await rejection(createHubSpotAdapter(privateAppSettings(), { logger: silentLogger }).ping());

    api.done();
    assert.equal(error.kind, 'auth');
    assert.deepEqual(error.details, { crm: 'hubspot', status: 401, crmCode: 'INVALID_AUTHENTICATION' });
    assert.match(error.message, /HUBSPOT_ACCESS_TOKEN/);
  });

  it('refreshes an OAuth token with the documented form, then reuses it until it is due', async () => {
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(forms, [200, tokenResponse()]);
    const api = nock(API).get(PING).query(true).twice().matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(200, page);
    const adapter = createHubSpotAdapter(oauthSettings(), { logger: silentLogger });

    await adapter.ping();
    await adapter.ping();

    login.done();
    api.done();
    assert.equal(forms.length, 1);
    assert.deepEqual(Object.fromEntries(forms[0]!), {
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: REFRESH_TOKEN,
    });
  });

  it('refreshes ahead of expires_in: at 25 of 30 minutes, not before', async () => {
    let clock = 1_700_000_000_000;
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(forms, [200, tokenResponse(ACCESS_TOKEN, 1800)], [200, tokenResponse(SECOND_ACCESS_TOKEN, 1800)]);
    const api = nock(API)
      .get(PING)
      .query(true)
      .twice()
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .reply(200, page)
      .get(PING)
      .query(true)
      .matchHeader('authorization', `Bearer ${SECOND_ACCESS_TOKEN}`)
      .reply(200, page);
    const adapter = createHubSpotAdapter(oauthSettings(), { logger: silentLogger, now: () => clock });

    await adapter.ping();
    clock += 24 * 60 * 1000;
    await adapter.ping();
    clock += 2 * 60 * 1000;
    await adapter.ping();

    login.done();
    api.done();
    assert.equal(forms.length, 2);
  });

  it('refreshes once on a 401 and retries the call with the new token', async () => {
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(forms, [200, tokenResponse(ACCESS_TOKEN)], [200, tokenResponse(SECOND_ACCESS_TOKEN)]);
    const api = nock(API)
      .get(PING)
      .query(true)
      .matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .reply(401, EXPIRED)
      .get(PING)
      .query(true)
      .matchHeader('authorization', `Bearer ${SECOND_ACCESS_TOKEN}`)
      .reply(200, page);

    await createHubSpotAdapter(oauthSettings(), { logger: silentLogger }).ping();

    login.done();
    api.done();
  });

  it('gives up with auth when the refreshed token is refused too', async () => {
    const login = tokenEndpoint([], [200, tokenResponse(ACCESS_TOKEN)], [200, tokenResponse(SECOND_ACCESS_TOKEN)]);
    const api = nock(API).get(PING).query(true).twice().reply(401, EXPIRED);

    const error = await rejection(createHubSpotAdapter(oauthSettings(), { logger: silentLogger }).ping());

    login.done();
    api.done();
    assert.equal(error.kind, 'auth');
    assert.equal(error.details.crmCode, 'INVALID_AUTHENTICATION');
  });

  it('makes concurrent calls share one refresh', async () => {
    const forms: URLSearchParams[] = [];
    const login = tokenEndpoint(forms, [200, tokenResponse()]);
    const api = nock(API).get(PING).query(true).times(3).reply(200, page);
    const adapter = createHubSpotAdapter(oauthSettings(), { logger: silentLogger });

    await Promise.all([adapter.ping(), adapter.ping(), adapter.ping()]);

    login.done();
    api.done();
    assert.equal(forms.length, 1);
  });

  it('maps a refused refresh (400 BAD_REFRESH_TOKEN) to auth naming the settings to check', async () => {
    const login = tokenEndpoint([], [400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token', correlationId: 'x' }]);

    const error = await rejection(createHubSpotAdapter(oauthSettings(), { logger: silentLogger }).ping());

    login.done();
    assert.equal(error.kind, 'auth');
    assert.equal(error.details.crmCode, 'BAD_REFRESH_TOKEN');
    assert.match(error.message, /HUBSPOT_REFRESH_TOKEN/);
  });

  it('maps a token service outage to unavailable and tries again on the next call', async () => {
    const login = tokenEndpoint([], [503, '<html>Service Unavailable</html>'], [200, tokenResponse()]);
    const api = nock(API).get(PING).query(true).reply(200, page);
    const adapter = createHubSpotAdapter(oauthSettings(), { logger: silentLogger });

    assert.equal((await rejection(adapter.ping())).kind, 'unavailable');
    await adapter.ping();

    login.done();
    api.done();
  });

  it('maps a token answer without access_token to bad-response', async () => {
    const login = tokenEndpoint([], [200, { token_type: 'bearer', expires_in: 1800 }]);

    assert.equal((await rejection(createHubSpotAdapter(oauthSettings(), { logger: silentLogger }).ping())).kind, 'bad-response');
    login.done();
  });
});
