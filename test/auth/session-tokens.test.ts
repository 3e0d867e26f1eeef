import assert from 'node:assert/strict';
import { agentFixture } from '../support/agent-fixture.js';
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { SessionTokens } from '../../connector/src/auth/session-tokens.js';
import { AppError } from '../../connector/src/errors/app-error.js';
import type { Agent } from '../../connector/src/store/store.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const TTL_S = 900;
const MAX_AGE_S = 3600;

const maria: Agent = agentFixture({ sessionEpoch: 3 });

/** Session tokens on a clock the test moves. */
function tokensAt(keys: { current: Uint8Array; previous?: Uint8Array[] }, clock = { now: T0 }) {
  const tokens = new SessionTokens({ keys: { current: keys.current, previous: keys.previous ?? [] }, ttlS: TTL_S, maxAgeS: MAX_AGE_S, now: () => clock.now });
  return { tokens, clock };
}

/** The signing key the contract derives from a secrets key: HKDF-SHA256, empty salt, info `session-token-v1`. */
function derivedKey(secret: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), 'session-token-v1', 32));
}

function kidOf(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

async function refused(promise: Promise<unknown>, code: 'UNAUTHENTICATED' | 'SESSION_EXPIRED'): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.status, 401);
    assert.match(error.headers['WWW-Authenticate'] ?? '', /^Bearer realm="connector", error="invalid_token"/);
    if (code === 'UNAUTHENTICATED') assert.equal(error.message, 'The session token is not valid; sign in again.');
    return true;
  });
}

/** Replaces one part of a compact JWT. */
function withPart(token: string, index: number, part: string): string {
  const parts = token.split('.');
  parts[index] = part;
  return parts.join('.');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('SessionTokens', () => {
  const secret = randomBytes(32);

  it('issues a token that verifies as the agent it was issued to, with its role, epoch and sign-in method', async () => {
    const { tokens } = tokensAt({ current: secret });
    const issued = await tokens.issue({ agent: maria, method: 'salesforce' });
    assert.deepEqual(await tokens.verify(issued.token), {
      agentId: 'maria',
      role: 'agent',
      epoch: 3,
      authTime: T0,
      expiresAt: T0 + TTL_S * 1000,
      method: 'salesforce',
    });
    assert.equal(issued.expiresAt, T0 + TTL_S * 1000);
    assert.equal(issued.maxAgeAt, T0 + MAX_AGE_S * 1000);
  });

  it('writes the claims and header the contract names: HS256, kid of the derived key, issuer, audience and a fresh jti', async () => {
    const { tokens } = tokensAt({ current: secret });
    const a = (await tokens.issue({ agent: maria, method: 'key' })).token;
    const b = (await tokens.issue({ agent: maria, method: 'key' })).token;
    assert.deepEqual(decodeProtectedHeader(a), { alg: 'HS256', typ: 'JWT', kid: kidOf(derivedKey(secret)) });
    const claims = decodeJwt(a);
    assert.deepEqual(
      { ...claims, jti: typeof claims.jti },
      { sub: 'maria', role: 'agent', ep: 3, auth_time: T0 / 1000, amr: 'key', iss: 'click-to-call-connector', aud: 'agent-api', iat: T0 / 1000, exp: T0 / 1000 + TTL_S, jti: 'string' },
    );
    assert.notEqual(decodeJwt(b).jti, claims.jti);
    assert.ok(!a.includes(Buffer.from(secret).toString('base64url')), 'the secrets key is nowhere in the token');
  });

  it('keeps accepting a token 5 s past its expiry for clock skew, and answers SESSION_EXPIRED after that', async () => {
    const { tokens, clock } = tokensAt({ current: secret });
    const { token } = await tokens.issue({ agent: maria, method: 'key' });
    clock.now = T0 + TTL_S * 1000 + 4_000;
    assert.equal((await tokens.verify(token)).agentId, 'maria');
    clock.now = T0 + TTL_S * 1000 + 6_000;
    await refused(tokens.verify(token), 'SESSION_EXPIRED');
  });

  it('refuses a token whose payload was changed, even to an admin role or another agent', async () => {
    const { tokens } = tokensAt({ current: secret });
    const { token } = await tokens.issue({ agent: maria, method: 'key' });
    const claims = decodeJwt(token);
    for (const changed of [{ ...claims, role: 'admin' }, { ...claims, sub: 'omar' }, { ...claims, exp: (claims.exp ?? 0) + 86_400 }]) {
      await refused(tokens.verify(withPart(token, 1, b64(changed))), 'UNAUTHENTICATED');
    }
  });

  it('refuses a token whose signature was changed or cut off', async () => {
    const { tokens } = tokensAt({ current: secret });
    const { token } = await tokens.issue({ agent: maria, method: 'key' });
    const signature = Buffer.from(token.split('.')[2]!, 'base64url');
    signature[0]! ^= 1;
    await refused(tokens.verify(withPart(token, 2, signature.toString('base64url'))), 'UNAUTHENTICATED');
    await refused(tokens.verify(withPart(token, 2, '')), 'UNAUTHENTICATED');
  });

  it('refuses an unsigned token (alg none), whatever it claims', async () => {
    const { tokens } = tokensAt({ current: secret });
    const { token } = await tokens.issue({ agent: maria, method: 'key' });
    const header = { alg: 'none', typ: 'JWT', kid: kidOf(derivedKey(secret)) };
    await refused(tokens.verify(`${b64(header)}.${token.split('.')[1]}.`), 'UNAUTHENTICATED');
  });

  it('refuses a token signed with HS512 even with the right key, and one signed with another key or the raw secrets key', async () => {
    const { tokens } = tokensAt({ current: secret });
    const claims = { role: 'agent', ep: 3, auth_time: T0 / 1000, amr: 'key' };
    const sign = (alg: string, key: Uint8Array, kid: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg, kid })
        .setSubject('maria')
        .setIssuer('click-to-call-connector')
        .setAudience('agent-api')
        .setIssuedAt(T0 / 1000)
        .setExpirationTime(T0 / 1000 + 60)
        .setJti('x')
        .sign(key);
    const kid = kidOf(derivedKey(secret));
    assert.equal((await tokens.verify(await sign('HS256', derivedKey(secret), kid))).agentId, 'maria', 'the forging works with the right key');
    await refused(tokens.verify(await sign('HS512', derivedKey(secret), kid)), 'UNAUTHENTICATED');
    await refused(tokens.verify(await sign('HS256', derivedKey(randomBytes(32)), kid)), 'UNAUTHENTICATED');
    await refused(tokens.verify(await sign('HS256', secret, kid)), 'UNAUTHENTICATED');
  });

  it('refuses a well-signed token for another issuer or audience, or missing a claim the connector needs', async () => {
    const { tokens } = tokensAt({ current: secret });
    const key = derivedKey(secret);
    const base = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: kidOf(key) }).setSubject('maria').setIssuedAt(T0 / 1000).setExpirationTime(T0 / 1000 + 60).setJti('x');
    const good = { role: 'agent', ep: 3, auth_time: T0 / 1000, amr: 'key' };
    await refused(tokens.verify(await base(good).setIssuer('someone-else').setAudience('agent-api').sign(key)), 'UNAUTHENTICATED');
    await refused(tokens.verify(await base(good).setIssuer('click-to-call-connector').setAudience('admin-api').sign(key)), 'UNAUTHENTICATED');
    const { ep: _ep, ...noEpoch } = good;
    await refused(tokens.verify(await base(noEpoch).setIssuer('click-to-call-connector').setAudience('agent-api').sign(key)), 'UNAUTHENTICATED');
    await refused(tokens.verify(await base({ ...good, role: 'root' }).setIssuer('click-to-call-connector').setAudience('agent-api').sign(key)), 'UNAUTHENTICATED');
  });

  it('refuses text that is not a token at all', async () => {
    const { tokens } = tokensAt({ current: secret });
    for (const text of ['', 'nobody-holds-this-token-000', 'a.b.c', '...', 'eyJhbGciOiJIUzI1NiJ9.e30.']) {
      await refused(tokens.verify(text), 'UNAUTHENTICATED');
    }
  });

  it('keeps tokens signed before a key rotation valid while the old key is a previous key, and signs new ones with the new key', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = await tokensAt({ current: oldKey }).tokens.issue({ agent: maria, method: 'key' });
    const rotating = tokensAt({ current: newKey, previous: [oldKey] }).tokens;
    assert.equal((await rotating.verify(before.token)).agentId, 'maria');
    const after = await rotating.issue({ agent: maria, method: 'key' });
    assert.equal(decodeProtectedHeader(after.token).kid, kidOf(derivedKey(newKey)));
    await refused(tokensAt({ current: newKey }).tokens.verify(before.token), 'UNAUTHENTICATED');
    await refused(tokensAt({ current: oldKey }).tokens.verify(after.token), 'UNAUTHENTICATED');
  });

  it('never lets a session outlive its maximum age: the last refresh ends at sign-in time plus the maximum age', async () => {
    const { tokens, clock } = tokensAt({ current: secret });
    clock.now = T0 + (MAX_AGE_S - 100) * 1000;
    const late = await tokens.issue({ agent: maria, method: 'hubspot', authTime: T0 });
    assert.equal(late.expiresAt, T0 + MAX_AGE_S * 1000);
    assert.equal((await tokens.verify(late.token)).authTime, T0, 'the sign-in time is kept');
    assert.equal(tokens.refreshUntil({ authTime: T0 }), T0 + MAX_AGE_S * 1000);
    clock.now = T0 + MAX_AGE_S * 1000;
    await refused(tokens.issue({ agent: maria, method: 'hubspot', authTime: T0 }), 'SESSION_EXPIRED');
  });
});
