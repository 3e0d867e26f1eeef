import assert from 'node:assert/strict';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { buildTestApp, closeTestApps, JSON_TYPE, signIn } from './test-app.js';

let n = 0;
const answered = (callId: string) => ({ eventId: `b-${++n}`, callId, occurredAt: new Date().toISOString(), type: 'answered' });
const ended = (callId: string) => ({ eventId: `b-${++n}`, callId, occurredAt: new Date().toISOString(), type: 'ended', cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });

/** An app with agent `maria` signed in (`TOKEN`), and agent `gone`, disabled by an admin after it signed in (`GONE`). */
async function appWithMaria(onEnded: (count: number) => void = () => {}) {
  const built = buildTestApp({ onCallsEnded: onEnded });
  const maria = newSignInKey();
  await built.store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: maria.hash });
  await built.store.createAgent({ id: 'gone', name: 'Gone', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
  const GONE = await signIn(built, 'gone');
  await built.store.updateAgent('gone', { disabled: true });
  return { ...built, TOKEN: await signIn(built, 'maria'), GONE, KEY: maria.key };
}

/** What `navigator.sendBeacon(url, string)` sends: a POST with `text/plain;charset=UTF-8`. */
const beacon = (app: Parameters<typeof request>[0], body: string, type = 'text/plain;charset=UTF-8') =>
  request(app).post('/api/v1/calls/events/beacon').set('Content-Type', type).send(body);

describe('POST /api/v1/calls/events/beacon', () => {
  afterEach(closeTestApps);

  it('stores the events of a text/plain JSON body with the token inside, and answers 202 like the events route', async () => {
    let endedCalls = 0;
    const { app, store, TOKEN } = await appWithMaria((count) => (endedCalls += count));
    const events = [answered('call-1'), ended('call-1')];
    const res = await beacon(app, JSON.stringify({ token: TOKEN, events }));
    assert.equal(res.status, 202);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.deepEqual(res.body, { accepted: 2, duplicates: 0 });
    assert.deepEqual((await store.callEvents('maria:call-1')).map((e) => [e.eventId, e.agentId]).sort(), events.map((e) => [e.eventId, 'maria']).sort());
    assert.equal(endedCalls, 1, 'the outbox is nudged for the ended call');
  });

  it('takes a plain text/plain Blob too, and counts events the JSON route already stored as duplicates', async () => {
    const { app, TOKEN } = await appWithMaria();
    const event = answered('call-2');
    await request(app).post('/api/v1/calls/events').set('Authorization', `Bearer ${TOKEN}`).send({ events: [event] }).expect(202);
    const res = await beacon(app, JSON.stringify({ token: TOKEN, events: [event, answered('call-2')] }), 'text/plain');
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { accepted: 1, duplicates: 1 });
  });

  it('answers 401 for a missing or unknown token or a sign-in key, and 403 for a disabled agent, storing nothing', async () => {
    const { app, store, GONE, KEY } = await appWithMaria();
    const missing = await beacon(app, JSON.stringify({ events: [answered('x')] }));
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.body, { error: { code: 'UNAUTHENTICATED', message: 'Sign in: send the session token as "Authorization: Bearer <token>".' } });
    for (const token of ['nobody-holds-this-token-000', KEY]) {
      const unknown = await beacon(app, JSON.stringify({ token, events: [answered('x')] }));
      assert.equal(unknown.status, 401);
      assert.equal(unknown.headers['www-authenticate'], 'Bearer realm="connector", error="invalid_token"');
      assert.deepEqual(unknown.body, { error: { code: 'UNAUTHENTICATED', message: 'The session token is not valid; sign in again.' } });
    }
    const disabled = await beacon(app, JSON.stringify({ token: GONE, events: [answered('x')] }));
    assert.equal(disabled.status, 403);
    assert.equal(disabled.body.error.code, 'AGENT_DISABLED');
    assert.deepEqual(await store.callEvents('maria:x'), []);
    assert.deepEqual(await store.callEvents('gone:x'), []);
  });

  it('refuses the token of a session that was signed out since, with 401 SESSION_EXPIRED', async () => {
    const { app, store, TOKEN } = await appWithMaria();
    await store.bumpSessionEpoch('maria');
    const res = await beacon(app, JSON.stringify({ token: TOKEN, events: [answered('x')] }));
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'SESSION_EXPIRED');
    assert.deepEqual(await store.callEvents('maria:x'), []);
  });

  it('validates the events with the events route’s schemas (400 naming the field) and stores none of a bad batch', async () => {
    const { app, store, TOKEN } = await appWithMaria();
    const res = await beacon(app, JSON.stringify({ token: TOKEN, events: [answered('call-3'), { ...answered('call-3'), type: 'exploded' }] }));
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.match(res.body.error.message, /^body\.events\.1\.type must have a type: dialing/);
    assert.deepEqual(await store.callEvents('maria:call-3'), []);
    const extra = await beacon(app, JSON.stringify({ token: TOKEN, events: [answered('call-3')], agentId: 'omar' }));
    assert.equal(extra.status, 400);
    assert.match(extra.body.error.message, /agentId/);
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const { app } = await appWithMaria();
    const res = await beacon(app, 'token=abc&events=');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { error: { code: 'MALFORMED_JSON', message: 'The beacon body is not valid JSON; send {"token": "<session token>", "events": [...]}.' } });
  });

  it('takes only text/plain: 415 for JSON or a form, so the token never travels another way', async () => {
    const { app, TOKEN } = await appWithMaria();
    const body = JSON.stringify({ token: TOKEN, events: [answered('c')] });
    for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
      const res = await beacon(app, body, type);
      assert.equal(res.status, 415, type);
      assert.equal(res.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.equal(res.body.error.message, `Send the beacon body as text/plain holding JSON {"token", "events"} (got ${type}).`);
    }
  });

  it('is the only route that takes text/plain: the events route still answers 415', async () => {
    const { app, TOKEN } = await appWithMaria();
    const res = await request(app).post('/api/v1/calls/events').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'text/plain').send(JSON.stringify({ events: [answered('c')] }));
    assert.equal(res.status, 415);
    assert.equal(res.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 for a body over the limit, and 405 with Allow for other methods', async () => {
    const built = buildTestApp({ bodyLimitBytes: 1024 });
    const big = await beacon(built.app, JSON.stringify({ token: 'x'.repeat(400), events: [{ ...answered('c'), pad: 'x'.repeat(2000) }] }));
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'PAYLOAD_TOO_LARGE');
    const get = await request(built.app).get('/api/v1/calls/events/beacon');
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
  });

  it('never logs the token it carries in its body', async () => {
    const { app, logs, TOKEN } = await appWithMaria();
    await beacon(app, JSON.stringify({ token: TOKEN, events: [answered('c')] })).expect(202);
    await beacon(app, JSON.stringify({ token: TOKEN, events: [{ type: 'bad' }] })).expect(400);
    assert.ok(logs.length > 0);
    assert.ok(!JSON.stringify(logs).includes(TOKEN));
  });

  it('counts beacons against the agent’s own API limit, like every other agent route', async () => {
    const built = buildTestApp({ rateLimits: { signInPerMinute: 100, apiPerMinute: 3 } });
    await built.store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    const token = await signIn(built, 'maria');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await beacon(built.app, JSON.stringify({ token, events: [answered(`limited-${i}`)] }))).status);
    assert.deepEqual(statuses, [202, 202, 202, 429, 429]);
  });
});
