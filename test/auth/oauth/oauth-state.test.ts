import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { OAUTH_STATE_TTL_MS, readOAuthState, sealOAuthState } from '../../../connector/src/auth/oauth/oauth-state.js';
import { SecretBox } from '../../../connector/src/secrets/secret-box.js';

const NOW = Date.parse('2025-03-14T10:00:00Z');
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const ORIGIN = 'https://connector.example.com';

describe('OAuth state', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const seal = () => sealOAuthState(box, { crm: 'salesforce', verifier: VERIFIER, returnOrigin: ORIGIN }, NOW);

  it('comes back from the callback with the verifier and return origin it left with', () => {
    const reading = readOAuthState(box, seal(), 'salesforce', NOW + 60_000);
    assert.ok(reading.ok);
    assert.equal(reading.state.verifier, VERIFIER);
    assert.equal(reading.state.returnOrigin, ORIGIN);
    assert.equal(reading.state.exp, NOW + OAUTH_STATE_TTL_MS);
  });

  it('is URL-safe and shows neither the verifier nor the return origin', () => {
    const state = seal();
    assert.match(state, /^[A-Za-z0-9_-]+$/);
    const decoded = Buffer.from(state, 'base64url').toString('utf8');
    assert.ok(!decoded.includes(VERIFIER) && !decoded.includes('connector.example.com'));
  });

  it('is never the same twice, even for the same sign-in at the same moment', () => {
    assert.notEqual(seal(), seal());
  });

  it('is refused once ten minutes have passed, still naming where to report it', () => {
    const reading = readOAuthState(box, seal(), 'salesforce', NOW + OAUTH_STATE_TTL_MS);
    assert.deepEqual(reading, { ok: false, problem: 'expired', returnOrigin: ORIGIN });
  });

  it('is refused at the other CRM’s callback', () => {
    assert.deepEqual(readOAuthState(box, seal(), 'hubspot', NOW), { ok: false, problem: 'other-crm', returnOrigin: ORIGIN });
  });

  it('is refused when any character was changed, without trusting anything in it', () => {
    const state = seal();
    for (const at of [0, Math.floor(state.length / 2), state.length - 2]) {
      const changed = state.slice(0, at) + (state[at] === 'A' ? 'B' : 'A') + state.slice(at + 1);
      assert.deepEqual(readOAuthState(box, changed, 'salesforce', NOW), { ok: false, problem: 'unreadable', returnOrigin: null }, `changed at ${at}`);
    }
    assert.equal(readOAuthState(box, 'not-a-state', 'salesforce', NOW).ok, false);
  });

  it('is refused when another connector (another key) sealed it, and read by a key kept from a rotation', () => {
    const other = new SecretBox(randomBytes(32));
    assert.equal(readOAuthState(other, seal(), 'salesforce', NOW).ok, false);
    const rotated = new SecretBox(randomBytes(32), [key]);
    assert.equal(readOAuthState(rotated, seal(), 'salesforce', NOW).ok, true);
  });

  it('is refused when it is another sealed value of the connector, such as a SIP password', () => {
    const json = JSON.stringify({ crm: 'salesforce', verifier: VERIFIER, returnOrigin: ORIGIN, exp: NOW + 1000, nonce: 'x'.repeat(22) });
    const sealedElsewhere = Buffer.from(box.seal(json, 'agent-sip:agent-1')).toString('base64url');
    assert.equal(readOAuthState(box, sealedElsewhere, 'salesforce', NOW).ok, false);
  });
});
