import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { SessionTokens } from '../../connector/src/auth/session-tokens.js';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import type { AuditEntry } from '../../connector/src/store/store.js';
import { buildTestApp, closeTestApps, JSON_TYPE, signIn, type TestApp, type TestAppOptions } from './test-app.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const TTL_S = 900;
const MAX_AGE_S = 1800;

/** An app whose sessions run on a clock the test moves, with agent `maria` (sign-in key `key`). */
async function appWithMaria(options: TestAppOptions = {}) {
  const clock = { now: T0 };
  const sessionTokens = new SessionTokens({ keys: { current: randomBytes(32), previous: [] }, ttlS: TTL_S, maxAgeS: MAX_AGE_S, now: () => clock.now });
  const built = buildTestApp({ sessionTokens, ...options });
  const { key, hash } = newSignInKey();
  await built.store.createAgent({ id: 'maria', name: 'Maria Gonzalez', crmUserId: null, disabled: false, tokenHash: hash });
  return { ...built, clock, key };
}

const local = (app: TestApp['app'], body: unknown) =>
  request(app).post('/api/v1/auth/local').set('Content-Type', 'application/json').send(JSON.stringify(body));
const withToken = (token: string) => ({ Authorization: `Bearer ${token}` });
/** The client address as supertest's loopback connection shows it (IPv4, or IPv4-mapped IPv6). */
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$/;
const loopback = (details: Readonly<Record<string, unknown>> | undefined) => {
  assert.match(String(details?.ip), LOOPBACK);
  return { ...details, ip: 'loopback' };
};
/** An audit entry without the id the store numbers it with. */
const unnumbered = (entry: AuditEntry | undefined) => {
  const { id: _id, ...rest } = entry ?? ({} as AuditEntry);
  return rest;
};
const settings = (app: TestApp['app'], token: string) => request(app).get('/api/v1/agent/settings').set(withToken(token));

describe('sign-in API', () => {
  afterEach(closeTestApps);

  describe('POST /api/v1/auth/local', () => {
    it('exchanges the sign-in key for a session token that opens the agent API, with when it ends and when refreshing stops', async () => {
      const { app, key } = await appWithMaria();
      const res = await local(app, { key });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['set-cookie'], undefined);
      assert.deepEqual(
        { ...res.body, token: typeof res.body.token },
        {
          token: 'string',
          expiresAt: new Date(T0 + TTL_S * 1000).toISOString(),
          refreshUntil: new Date(T0 + MAX_AGE_S * 1000).toISOString(),
          agent: { id: 'maria', name: 'Maria Gonzalez', role: 'agent' },
        },
      );
      assert.equal(decodeJwt(res.body.token).sub, 'maria');
      assert.equal((await settings(app, res.body.token)).status, 200);
    });

    it('audits the sign-in with the client address, and never logs or audits the key or the token', async () => {
      const { app, key, store, logs } = await appWithMaria();
      const res = await local(app, { key }).expect(200);
      const [entry] = await store.auditLog({ limit: 10 });
      assert.deepEqual(
        { ...unnumbered(entry), at: typeof entry?.at, details: loopback(entry?.details) },
        { at: 'number', actor: 'agent:maria', action: 'session.sign-in', target: 'maria', outcome: 'ok', details: { method: 'key', ip: 'loopback' } },
      );
      const written = JSON.stringify([logs, await store.auditLog({ limit: 10 })]);
      assert.ok(!written.includes(key), 'the key is not written anywhere');
      assert.ok(!written.includes(res.body.token), 'the token is not written anywhere');
    });

    it('answers an unknown key with 401 and the same message whether or not any agent exists, and audits the refusal', async () => {
      const empty = buildTestApp();
      const { app, store, logs } = await appWithMaria();
      const wrongKey = newSignInKey().key;
      for (const target of [empty.app, app]) {
        const res = await local(target, { key: wrongKey });
        assert.equal(res.status, 401);
        assert.deepEqual(res.body, { error: { code: 'UNAUTHENTICATED', message: 'This sign-in key is not valid; ask your admin for a new one.' } });
      }
      const [entry] = await store.auditLog({ limit: 10 });
      assert.deepEqual(
        { ...unnumbered(entry), at: 0, details: loopback(entry?.details) },
        { at: 0, actor: 'anonymous', action: 'session.sign-in.refused', target: null, outcome: 'refused', details: { method: 'key', ip: 'loopback', code: 'UNAUTHENTICATED' } },
      );
      assert.ok(!JSON.stringify([logs, entry]).includes(wrongKey));
    });

    it('refuses the key of a disabled agent with 403 AGENT_DISABLED, and audits it', async () => {
      const { app, key, store } = await appWithMaria();
      await store.updateAgent('maria', { disabled: true });
      const res = await local(app, { key });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'AGENT_DISABLED');
      const [entry] = await store.auditLog({ limit: 1 });
      assert.equal(entry?.action, 'session.sign-in.refused');
      assert.equal(entry?.actor, 'agent:maria');
      assert.deepEqual(loopback(entry?.details), { method: 'key', ip: 'loopback', code: 'AGENT_DISABLED' });
    });

    it('stops taking the old key once an admin issued a new one', async () => {
      const { app, key, store } = await appWithMaria();
      const next = newSignInKey();
      await store.setSignInKey('maria', next.hash);
      assert.equal((await local(app, { key })).status, 401);
      assert.equal((await local(app, { key: next.key })).status, 200);
    });

    it('answers 400 naming the field for a missing or odd key or an unknown field, and 405 for GET', async () => {
      const { app, key } = await appWithMaria();
      for (const body of [{}, { key: 42 }, { key: 'short' }, { key, remember: true }]) {
        const res = await local(app, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
        assert.ok(!res.text.includes(key), 'the key is never echoed');
      }
      const get = await request(app).get('/api/v1/auth/local');
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'POST');
    });

    it('is limited per client address by RATE_LIMIT_SIGN_IN failures: the next attempt in the minute gets 429 with Retry-After', async () => {
      const { app, key } = await appWithMaria({ rateLimits: { signInPerMinute: 2, apiPerMinute: 100 } });
      await local(app, { key }).expect(200);
      await local(app, { key: newSignInKey().key }).expect(401);
      await local(app, { key }).expect(200);
      await local(app, { key: newSignInKey().key }).expect(401);
      const limited = await local(app, { key });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'RATE_LIMITED');
      assert.match(String(limited.headers['retry-after']), /^\d+$/);
    });

    it('goes through the sign-in rate limiter mounted for it', async () => {
      const seen: string[] = [];
      const signIn: RequestHandler = (req, res) => {
        seen.push(req.path);
        res.status(429).set('Retry-After', '60').json({ error: { code: 'RATE_LIMITED', message: 'Too many requests; wait a minute and try again.' } });
      };
      const { app, key } = await appWithMaria({ limiters: { signIn } });
      const res = await local(app, { key });
      assert.equal(res.status, 429);
      assert.equal(res.headers['retry-after'], '60');
      assert.deepEqual(seen, ['/auth/local']);
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('hands out a new token with the same sign-in time, until the maximum age; then SESSION_EXPIRED', async () => {
      const { app, key, clock } = await appWithMaria();
      let token = (await local(app, { key }).expect(200)).body.token as string;

      clock.now = T0 + 800_000;
      const first = await request(app).post('/api/v1/auth/refresh').set(withToken(token));
      assert.equal(first.status, 200);
      assert.equal(first.headers['cache-control'], 'no-store');
      assert.equal(first.body.expiresAt, new Date(T0 + 800_000 + TTL_S * 1000).toISOString());
      assert.equal(first.body.refreshUntil, new Date(T0 + MAX_AGE_S * 1000).toISOString());
      assert.equal(decodeJwt(first.body.token).auth_time, T0 / 1000, 'the sign-in time stays');
      assert.equal(decodeJwt(first.body.token).amr, 'key');
      token = first.body.token;

      clock.now = T0 + 1_600_000;
      const capped = await request(app).post('/api/v1/auth/refresh').set(withToken(token)).expect(200);
      assert.equal(capped.body.expiresAt, new Date(T0 + MAX_AGE_S * 1000).toISOString(), 'the last token ends at the maximum age');
      token = capped.body.token;

      clock.now = T0 + MAX_AGE_S * 1000 + 2_000;
      const over = await request(app).post('/api/v1/auth/refresh').set(withToken(token));
      assert.equal(over.status, 401);
      assert.equal(over.body.error.code, 'SESSION_EXPIRED');
      clock.now = T0 + MAX_AGE_S * 1000 + 10_000;
      assert.equal((await settings(app, token)).body.error.code, 'SESSION_EXPIRED');
    });

    it('needs a valid session: 401 without one, and a sign-in key is not one', async () => {
      const { app, key } = await appWithMaria();
      const none = await request(app).post('/api/v1/auth/refresh');
      assert.equal(none.status, 401);
      assert.equal(none.headers['www-authenticate'], 'Bearer realm="connector"');
      const withKey = await request(app).post('/api/v1/auth/refresh').set(withToken(key));
      assert.equal(withKey.status, 401);
      assert.equal(withKey.headers['www-authenticate'], 'Bearer realm="connector", error="invalid_token"');
    });
  });

  describe('ending sessions', () => {
    it('signs out: 204, and every session of the agent ends at once (401 SESSION_EXPIRED), audited', async () => {
      const { app, key, store } = await appWithMaria();
      const one = (await local(app, { key }).expect(200)).body.token as string;
      const other = (await local(app, { key }).expect(200)).body.token as string;
      const res = await request(app).post('/api/v1/auth/sign-out').set(withToken(one));
      assert.equal(res.status, 204);
      for (const token of [one, other]) {
        const after = await settings(app, token);
        assert.equal(after.status, 401);
        assert.deepEqual(after.body, { error: { code: 'SESSION_EXPIRED', message: 'You were signed out; sign in again.' } });
      }
      assert.equal((await store.auditLog({ limit: 1 }))[0]?.action, 'session.sign-out');
      const again = (await local(app, { key }).expect(200)).body.token as string;
      assert.equal((await settings(app, again)).status, 200, 'signing in again works');
    });

    const adminChanges: [string, (built: TestApp) => Promise<unknown>, number, string][] = [
      ['a role change', (b) => b.store.updateAgent('maria', { role: 'admin' }), 401, 'SESSION_EXPIRED'],
      ['a new CRM user id', (b) => b.store.updateAgent('maria', { crmUserId: '005X' }), 401, 'SESSION_EXPIRED'],
      ['a new sign-in key', (b) => b.store.setSignInKey('maria', newSignInKey().hash), 401, 'SESSION_EXPIRED'],
      ['disabling the agent', (b) => b.store.updateAgent('maria', { disabled: true }), 403, 'AGENT_DISABLED'],
      ['deleting the agent', (b) => b.store.deleteAgent('maria'), 401, 'UNAUTHENTICATED'],
    ];
    for (const [what, change, status, code] of adminChanges) {
      it(`ends the agent's sessions at once on ${what}`, async () => {
        const built = await appWithMaria();
        const token = await signIn(built, 'maria');
        await settings(built.app, token).expect(200);
        await change(built);
        const res = await settings(built.app, token);
        assert.equal(res.status, status);
        assert.equal(res.body.error.code, code);
      });
    }

    it('keeps a session through an edit that does not touch who the agent is (its name)', async () => {
      const built = await appWithMaria();
      const token = await signIn(built, 'maria');
      await built.store.updateAgent('maria', { name: 'Maria G.' });
      assert.equal((await settings(built.app, token)).body.agent.name, 'Maria G.');
    });
  });

  describe('GET /api/v1/auth/methods', () => {
    it('offers the sign-in key always, and the CRM sign-ins the connector is set up for', async () => {
      const plain = await request(buildTestApp().app).get('/api/v1/auth/methods');
      assert.equal(plain.status, 200);
      assert.deepEqual(plain.body, { methods: ['key'] });
      const salesforce = await request(buildTestApp({ signInMethods: ['salesforce'] }).app).get('/api/v1/auth/methods');
      assert.deepEqual(salesforce.body, { methods: ['key', 'salesforce'] });
      const post = await request(buildTestApp().app).post('/api/v1/auth/methods');
      assert.equal(post.status, 405);
    });
  });

  describe('the CRM sign-in pages', () => {
    it('are served at /auth/{crm}/* when configured, and say so in a page when that CRM’s sign-in is not set up', async () => {
      const crmSignIn = { signIn: { salesforce: null, hubspot: null }, publicUrl: 'http://127.0.0.1:8080', timeoutMs: 1000 };
      const res = await request(buildTestApp({ crmSignIn }).app).get('/auth/salesforce/start?return=http%3A%2F%2F127.0.0.1%3A8080');
      assert.equal(res.status, 404);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.text, /SIGN_IN_UNAVAILABLE|not set up/);
      const absent = await request(buildTestApp().app).get('/auth/salesforce/start?return=http%3A%2F%2F127.0.0.1%3A8080');
      assert.equal(absent.headers['content-type'], JSON_TYPE, 'not served without the settings');
    });
  });
});
