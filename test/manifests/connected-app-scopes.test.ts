import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import axios from 'axios';
import { createSalesforceSignIn } from '../../connector/src/auth/oauth/salesforce-sign-in.js';
import { childElements, childTexts, parseXml } from '../../manifests/render/xml-document.js';

const CONNECTED_APP = new URL(
  '../../manifests/salesforce/force-app/main/default/connectedApps/Click_to_Call_Connector.connectedApp-meta.xml',
  import.meta.url,
);

/**
 * The Metadata API's `ConnectedAppOauthAccessScope` value that grants each OAuth `scope` a request may name. `Basic`
 * is the identity URL service, which `id`, `profile`, `email`, `address` and `phone` all ask for.
 */
const GRANTED_BY: Record<string, string> = {
  openid: 'OpenID',
  id: 'Basic',
  profile: 'Basic',
  email: 'Basic',
  address: 'Basic',
  phone: 'Basic',
  api: 'Api',
  refresh_token: 'RefreshToken',
  offline_access: 'RefreshToken',
};

function connectedAppScopes(): string[] {
  const document = parseXml(readFileSync(CONNECTED_APP, 'utf8'));
  if ('error' in document) assert.fail(`the connected app is not well-formed XML: ${document.error.message}`);
  const [oauth] = childElements(document.root, 'oauthConfig');
  assert.ok(oauth, 'the connected app has an oauthConfig');
  return childTexts(oauth, 'scopes');
}

function signInScopes(): string[] {
  const signIn = createSalesforceSignIn({
    settings: { loginUrl: 'https://acme.my.salesforce.com', clientId: 'client-id', clientSecret: null },
    redirectUri: 'https://cti.example.com/auth/salesforce/callback',
    http: axios.create(),
  });
  const url = new URL(signIn.authorizeUrl({ state: 'state', codeChallenge: 'challenge' }));
  return (url.searchParams.get('scope') ?? '').split(' ').filter(Boolean);
}

describe('the Salesforce connected app (manifests/salesforce connectedApps)', () => {
  it("grants every scope the agents' Salesforce sign-in asks for, or Salesforce refuses the sign-in", () => {
    const granted = connectedAppScopes();
    const asked = signInScopes();
    assert.ok(asked.length > 0, 'the sign-in names its scopes');
    for (const scope of asked) {
      const needed = GRANTED_BY[scope];
      assert.ok(needed, `the sign-in asks for "${scope}", which this test does not know how to grant`);
      assert.ok(granted.includes(needed), `the sign-in asks for "${scope}"; the connected app must list <scopes>${needed}</scopes>`);
    }
  });

  it('still grants what the connector needs to write call Tasks: the API and refresh tokens', () => {
    const granted = connectedAppScopes();
    assert.ok(granted.includes('Api'));
    assert.ok(granted.includes('RefreshToken'));
  });
});
