import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createJwtAssertionSigner, jwtAudience } from '../../../connector/src/crm/salesforce/salesforce-jwt-assertion.js';
import { CLIENT_ID, USERNAME, keys } from './salesforce-test-kit.js';

describe('Salesforce JWT bearer assertion', () => {
  for (const [loginUrl, audience] of [
    ['https://login.salesforce.com', 'https://login.salesforce.com'],
    ['https://login.salesforce.com/', 'https://login.salesforce.com'],
    ['https://test.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme.my.site.com', 'https://acme.my.site.com'],
  ] as const) {
    it(`uses ${audience} as the audience for ${loginUrl}`, () => {
      assert.equal(jwtAudience(loginUrl), audience);
    });
  }

  it('signs RS256 with iss, sub, aud and an exp under 3 minutes, fresh each time', async () => {
    const signer = createJwtAssertionSigner({
      loginUrl: 'https://test.salesforce.com',
      clientId: CLIENT_ID,
      username: USERNAME,
      privateKeyPem: keys.privateKey,
    });

    const assertion = await signer.sign();
    const { payload } = await jwtVerify(assertion, createPublicKey(keys.publicKey), {
      issuer: CLIENT_ID,
      subject: USERNAME,
      audience: 'https://test.salesforce.com',
    });

    assert.equal(decodeProtectedHeader(assertion).alg, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    assert.ok(payload.exp !== undefined && payload.exp - now > 0 && payload.exp - now <= 180);
  });
});
