import assert from 'node:assert/strict';
import axios from 'axios';
import nock from 'nock';
import { createHubSpotSignIn } from '../../../connector/src/auth/oauth/hubspot-sign-in.js';
import { AppError } from '../../../connector/src/errors/app-error.js';
import {
  API,
  BAD_AUTH_CODE,
  HUB_ACCESS_TOKEN,
  HUB_CLIENT_ID,
  HUB_CLIENT_SECRET,
  HUB_REFRESH_TOKEN,
  HUB_USER_ID,
  hubTokenAnswer,
  hubTokenMetadata,
} from './hubspot-fixtures.js';

const REDIRECT = 'https://connector.example.com/auth/hubspot/callback';
const CODE = 'b9e5f8a2-4c1d-4e7f-a3b6-9d8c7e6f5a4b';
const METADATA_PATH = `/oauth/v1/access-tokens/${HUB_ACCESS_TOKEN}`;

const signIn = (scopes?: readonly string[]) =>
  createHubSpotSignIn({
    settings: { clientId: HUB_CLIENT_ID, clientSecret: HUB_CLIENT_SECRET, apiBaseUrl: API },
    redirectUri: REDIRECT,
    http: axios.create({ timeout: 2000 }),
    ...(scopes ? { scopes } : {}),
  });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError && error.code === 'SIGN_IN_FAILED', `expected SIGN_IN_FAILED, got ${String(error)}`);
    for (const secret of [CODE, HUB_CLIENT_SECRET, HUB_ACCESS_TOKEN, HUB_REFRESH_TOKEN]) assert.ok(!error.message.includes(secret));
    return error;
  }
  assert.fail('expected the sign-in to fail');
}

describe('HubSpot sign-in', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('sends the user to HubSpot’s authorize page asking for the app’s required scopes, without PKCE', () => {
    const hubspot = signIn();
    assert.equal(hubspot.usesPkce, false);
    const url = new URL(hubspot.authorizeUrl({ state: 'the-state', codeChallenge: null }));
    assert.equal(`${url.origin}${url.pathname}`, 'https://app.hubspot.com/oauth/authorize');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      client_id: HUB_CLIENT_ID,
      redirect_uri: REDIRECT,
      scope: 'oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.companies.read crm.objects.companies.write',
      state: 'the-state',
    });
    assert.equal(new URL(signIn(['oauth', 'crm.objects.contacts.read']).authorizeUrl({ state: 's', codeChallenge: null })).searchParams.get('scope'), 'oauth crm.objects.contacts.read');
  });

  it('exchanges the code with the documented form, then learns the user from the token’s metadata', async () => {
    const forms: URLSearchParams[] = [];
    const api = nock(API)
      .post('/oauth/v1/token')
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply((_uri, body) => {
        forms.push(new URLSearchParams(String(body)));
        return [200, hubTokenAnswer()];
      })
      .get(METADATA_PATH)
      .reply(200, hubTokenMetadata());

    const identity = await signIn().identify({ code: CODE, verifier: null });

    api.done();
    assert.deepEqual(Object.fromEntries(forms[0]!), {
      grant_type: 'authorization_code',
      client_id: HUB_CLIENT_ID,
      client_secret: HUB_CLIENT_SECRET,
      redirect_uri: REDIRECT,
      code: CODE,
    });
    assert.deepEqual(identity, { crmUserId: String(HUB_USER_ID), lookupIds: [String(HUB_USER_ID)], username: 'ada@engines.example' });
  });

  it('fails with HubSpot’s words when the code is refused (BAD_AUTH_CODE)', async () => {
    const api = nock(API).post('/oauth/v1/token').reply(400, BAD_AUTH_CODE);
    const error = await failure(signIn().identify({ code: CODE, verifier: null }));
    api.done();
    assert.equal(error.message, 'HubSpot did not accept the sign-in (BAD_AUTH_CODE: missing or unknown auth code); close this window and sign in again.');
  });

  it('fails when HubSpot will not describe the token it just issued', async () => {
    const api = nock(API)
      .post('/oauth/v1/token')
      .reply(200, hubTokenAnswer())
      .get(METADATA_PATH)
      .reply(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION', correlationId: '0f1e2d3c' });
    const error = await failure(signIn().identify({ code: CODE, verifier: null }));
    api.done();
    assert.match(error.message, /^HubSpot did not say who signed in \(INVALID_AUTHENTICATION: Authentication credentials not found\.\)/);
  });

  it('refuses metadata that belongs to another token or names no user', async () => {
    for (const metadata of [hubTokenMetadata({ token: 'another-token' }), hubTokenMetadata({ user_id: undefined })]) {
      const api = nock(API).post('/oauth/v1/token').reply(200, hubTokenAnswer()).get(METADATA_PATH).reply(200, metadata);
      await failure(signIn().identify({ code: CODE, verifier: null }));
      api.done();
    }
  });
});
