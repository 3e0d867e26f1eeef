import assert from 'node:assert/strict';
import { createPkcePair, s256Challenge } from '../../../connector/src/auth/oauth/pkce.js';

describe('PKCE pair', () => {
  it('computes the S256 challenge of RFC 7636 Appendix B', () => {
    assert.equal(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh 43-character base64url verifier each time, with its S256 challenge', () => {
    const pairs = Array.from({ length: 50 }, () => createPkcePair());
    for (const { verifier, challenge } of pairs) {
      assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(challenge, s256Challenge(verifier));
    }
    assert.equal(new Set(pairs.map((p) => p.verifier)).size, pairs.length);
  });
});
