import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { EphemeralSipCredentials } from '../../connector/src/auth/ephemeral-sip-credentials.js';

describe('EphemeralSipCredentials: time-limited SIP credentials in the auth_ephemeral scheme', () => {
  const minter = new EphemeralSipCredentials('kamailio_rules');

  it('names the expiry (unix seconds) before the user, as username_format 1 wants', () => {
    const minted = minter.mint({ username: 'alice', expiresAt: Date.UTC(2030, 0, 1, 12, 0, 0) });
    assert.equal(minted.authorizationUsername, '1893499200:alice');
    assert.equal(minted.expiresAt, Date.UTC(2030, 0, 1, 12, 0, 0));
  });

  it('signs the whole user name with HMAC-SHA1 under the secret, base64 with padding, as openssl computes it', () => {
    const minted = minter.mint({ username: '1001', expiresAt: 1_700_000_000_000 });
    const expected = execFileSync('openssl', ['dgst', '-sha1', '-hmac', 'kamailio_rules', '-binary'], { input: '1700000000:1001' }).toString('base64');
    assert.equal(minted.authorizationPassword, expected);
    assert.match(minted.authorizationPassword, /^[A-Za-z0-9+/]{27}=$/);
  });

  it('rounds the expiry down, so credentials never outlive the session they were minted for', () => {
    const minted = minter.mint({ username: 'alice', expiresAt: 1_700_000_000_999 });
    assert.equal(minted.authorizationUsername, '1700000000:alice');
    assert.equal(minted.expiresAt, 1_700_000_000_000);
  });

  it('gives different passwords for another user, another expiry or another secret', () => {
    const base = minter.mint({ username: 'alice', expiresAt: 1_700_000_000_000 }).authorizationPassword;
    assert.notEqual(minter.mint({ username: 'bob', expiresAt: 1_700_000_000_000 }).authorizationPassword, base);
    assert.notEqual(minter.mint({ username: 'alice', expiresAt: 1_700_000_001_000 }).authorizationPassword, base);
    assert.notEqual(new EphemeralSipCredentials('other').mint({ username: 'alice', expiresAt: 1_700_000_000_000 }).authorizationPassword, base);
  });

  it('never shows the secret in what it returns', () => {
    const secret = 'the-shared-secret-of-the-pbx';
    const minted = new EphemeralSipCredentials(secret).mint({ username: 'alice', expiresAt: 1_700_000_000_000 });
    assert.ok(!JSON.stringify(minted).includes(secret));
    assert.ok(!JSON.stringify(new EphemeralSipCredentials(secret)).includes(secret));
  });

  it('refuses an empty secret, a user name with a colon and an expiry before 1970', () => {
    assert.throws(() => new EphemeralSipCredentials(''), /must not be empty/);
    assert.throws(() => minter.mint({ username: 'a:b', expiresAt: 1_700_000_000_000 }), /no colon/);
    assert.throws(() => minter.mint({ username: '', expiresAt: 1_700_000_000_000 }), /non-empty/);
    assert.throws(() => minter.mint({ username: 'alice', expiresAt: -1 }), /after 1970/);
  });
});
