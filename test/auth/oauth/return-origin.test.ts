import assert from 'node:assert/strict';
import { allowedReturnOrigin } from '../../../connector/src/auth/oauth/return-origin.js';

const ALLOWED = ['https://connector.example.com', 'https://acme.lightning.force.com'];

describe('Sign-in return origin', () => {
  it('accepts exactly the connector’s origin or a configured CRM origin', () => {
    assert.equal(allowedReturnOrigin('https://connector.example.com', ALLOWED), 'https://connector.example.com');
    assert.equal(allowedReturnOrigin('https://acme.lightning.force.com', ALLOWED), 'https://acme.lightning.force.com');
  });

  it('refuses other sites, look-alikes, paths, other schemes and ports, and non-URLs', () => {
    for (const value of [
      'https://evil.example',
      'https://connector.example.com.evil.example',
      'https://connector.example.com/',
      'https://connector.example.com/widget/',
      'http://connector.example.com',
      'https://connector.example.com:8443',
      'https://user@connector.example.com',
      'null',
      '*',
      'javascript:alert(1)',
    ]) {
      assert.equal(allowedReturnOrigin(value, ALLOWED), null, value);
    }
  });
});
