import assert from 'node:assert/strict';
import axios from 'axios';
import nock from 'nock';
import type { CrmSignIn } from '../../../connector/src/auth/oauth/crm-sign-in.js';
import { s256Challenge } from '../../../connector/src/auth/oauth/pkce.js';
import { createSalesforceSignIn } from '../../../connector/src/auth/oauth/salesforce-sign-in.js';
import { AppError } from '../../../connector/src/errors/app-error.js';
import { ACCESS_TOKEN, CLIENT_ID, EXPIRED_CODE, ID_PATH, identityAnswer, INSTANCE, LOGIN, tokenAnswer, USER_ID } from './salesforce-fixtures.js';

const REDIRECT = 'https://connector.example.com/auth/salesforce/callback';
const CODE = 'aPrx4sgoM2Nd1zWeFVlOWveD0HhYmiDiLmlLnXEBgX01tpVOQMWVSUuafFPHu3kCSjzk4CUTZg==';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const SECRET = 'F1C9E8A2B7D64E3F9A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F';

function signIn(options: { clientSecret?: string | null; timeoutMs?: number } = {}): CrmSignIn {
  return createSalesforceSignIn({
    settings: { loginUrl: LOGIN, clientId: CLIENT_ID, clientSecret: options.clientSecret ?? null },
    redirectUri: REDIRECT,
    http: axios.create({ timeout: options.timeoutMs ?? 2000 }),
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, 'SIGN_IN_FAILED');
    for (const secret of [CODE, VERIFIER, SECRET, ACCESS_TOKEN]) assert.ok(!error.message.includes(secret), 'no secret in the message');
    return error;
  }
  assert.fail('expected the sign-in to fail');
}

/** The token endpoint, recording each form it receives. */
function tokenEndpoint(forms: URLSearchParams[], status: number, body: nock.Body) {
  return nock(LOGIN)
    .post('/services/oauth2/token')
    .matchHeader('content-type', 'application/x-www-form-urlencoded')
    .reply((_uri, sent) => {
      forms.push(new URLSearchParams(String(sent)));
      return [status, body];
    });
}

describe('Salesforce sign-in', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('sends the user to the authorize page with the documented parameters, PKCE S256 and only the identity scopes', () => {
    const url = new URL(signIn().authorizeUrl({ state: 'the-state', codeChallenge: s256Challenge(VERIFIER) }));
    assert.equal(`${url.origin}${url.pathname}`, `${LOGIN}/services/oauth2/authorize`);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 'the-state',
      scope: 'openid id',
      display: 'popup',
    });
  });

  it('exchanges the code with the verifier, then reads the identity URL with the access token', async () => {
    const forms: URLSearchParams[] = [];
    const token = tokenEndpoint(forms, 200, tokenAnswer());
    const id = nock(LOGIN).get(ID_PATH).matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(200, identityAnswer());

    const identity = await signIn().identify({ code: CODE, verifier: VERIFIER });

    token.done();
    id.done();
    assert.deepEqual(Object.fromEntries(forms[0]!), {
      grant_type: 'authorization_code',
      code: CODE,
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    });
    assert.deepEqual(identity, { crmUserId: USER_ID, lookupIds: [USER_ID, USER_ID.slice(0, 15)], username: 'ada@engines.example' });
  });

  it('sends the consumer secret too when one is configured', async () => {
    const forms: URLSearchParams[] = [];
    const token = tokenEndpoint(forms, 200, tokenAnswer());
    const id = nock(LOGIN).get(ID_PATH).reply(200, identityAnswer());

    await signIn({ clientSecret: SECRET }).identify({ code: CODE, verifier: VERIFIER });

    token.done();
    id.done();
    assert.equal(forms[0]?.get('client_secret'), SECRET);
  });

  it('fails with what Salesforce said when the code is refused (invalid_grant)', async () => {
    const token = tokenEndpoint([], 400, EXPIRED_CODE);

    const error = await failure(signIn().identify({ code: CODE, verifier: VERIFIER }));

    token.done();
    assert.match(error.message, /^Salesforce did not accept the sign-in \(invalid_grant: expired authorization code\); close this window and sign in again\.$/);
  });

  it('fails saying to try later when the login service is down', async () => {
    const token = tokenEndpoint([], 503, '<html>Maintenance</html>');
    const error = await failure(signIn().identify({ code: CODE, verifier: VERIFIER }));
    token.done();
    assert.match(error.message, /Salesforce is busy or unavailable \(HTTP 503\); try signing in again in a minute/);
  });

  for (const [status, word] of [
    [403, 'Bad_OAuth_Token'],
    [401, 'Missing_OAuth_Token'],
  ] as const) {
    it(`fails when the identity URL answers ${status} ${word}`, async () => {
      const token = tokenEndpoint([], 200, tokenAnswer());
      const id = nock(LOGIN).get(ID_PATH).reply(status, word, { 'content-type': 'text/plain' });

      const error = await failure(signIn().identify({ code: CODE, verifier: VERIFIER }));

      token.done();
      id.done();
      assert.match(error.message, new RegExp(`^Salesforce did not say who signed in \\(${word}\\)`));
    });
  }

  it('never sends the access token to an identity URL outside Salesforce or over plain http', async () => {
    for (const id of [`https://evil.example${ID_PATH}`, `http://login.salesforce.com${ID_PATH}`, `https://login.salesforce.com.evil.example${ID_PATH}`]) {
      const token = tokenEndpoint([], 200, tokenAnswer({ id }));
      const error = await failure(signIn().identify({ code: CODE, verifier: VERIFIER }));
      token.done();
      assert.match(error.message, /an identity URL outside Salesforce/, id);
    }
  });

  it('accepts an identity URL on the org’s instance, and refuses one of another shape', async () => {
    const token = tokenEndpoint([], 200, tokenAnswer({ id: `${INSTANCE}${ID_PATH}` }));
    const id = nock(INSTANCE).get(ID_PATH).reply(200, identityAnswer());
    assert.equal((await signIn().identify({ code: CODE, verifier: VERIFIER })).crmUserId, USER_ID);
    token.done();
    id.done();

    const odd = tokenEndpoint([], 200, tokenAnswer({ id: `${LOGIN}/services/data/v62.0/` }));
    assert.match((await failure(signIn().identify({ code: CODE, verifier: VERIFIER }))).message, /identity URL of an unexpected shape/);
    odd.done();
  });

  it('refuses an identity that names another user than the identity URL', async () => {
    const token = tokenEndpoint([], 200, tokenAnswer());
    const id = nock(LOGIN).get(ID_PATH).reply(200, identityAnswer({ user_id: '005xx000001SwiVAAS' }));
    assert.match((await failure(signIn().identify({ code: CODE, verifier: VERIFIER }))).message, /another user/);
    token.done();
    id.done();
  });

  it('refuses an inactive Salesforce user', async () => {
    const token = tokenEndpoint([], 200, tokenAnswer());
    const id = nock(LOGIN).get(ID_PATH).reply(200, identityAnswer({ active: false }));
    assert.match((await failure(signIn().identify({ code: CODE, verifier: VERIFIER }))).message, /Salesforce user is inactive/);
    token.done();
    id.done();
  });

  it('fails saying to try again when Salesforce does not answer in time', async () => {
    const token = nock(LOGIN).post('/services/oauth2/token').delay(500).reply(200, tokenAnswer());
    const error = await failure(signIn({ timeoutMs: 100 }).identify({ code: CODE, verifier: VERIFIER }));
    assert.match(error.message, /Salesforce did not answer in time/);
    token.done();
  });

  it('fails on a token answer it cannot read, without sending anything further', async () => {
    const token = tokenEndpoint([], 200, { instance_url: INSTANCE });
    assert.match((await failure(signIn().identify({ code: CODE, verifier: VERIFIER }))).message, /without an access token/);
    token.done();
  });
});
