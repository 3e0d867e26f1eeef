import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Express, type RequestHandler } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { AppError } from '../../connector/src/errors/app-error.js';
import { errorHandler } from '../../connector/src/http/error-handler.js';
import { agentApiLimiter, ipApiLimiter, signInLimiter, type RateLimitOptions } from '../../connector/src/http/rate-limits.js';
import { JSON_TYPE } from './test-app.js';

interface Limits {
  readonly signIn?: RateLimitOptions;
  readonly apiPerIp?: RateLimitOptions;
  readonly apiPerAgent?: RateLimitOptions;
}

/**
 * The limiters mounted as the connector mounts them, behind one proxy (`trust proxy` 1, so `X-Forwarded-For` names
 * the client): sign-in per IP; the agent API per IP before the session check and per agent after it. The session
 * check is a stand-in: `Bearer agent-<id>` is agent `<id>`, anything else is refused; `checks` counts its runs.
 */
function appWith(limits: Limits): { app: Express; checks: { count: number } } {
  const checks = { count: 0 };
  const app = express();
  app.set('trust proxy', 1);
  const session: RequestHandler = (req, res, next) => {
    checks.count += 1;
    const match = /^Bearer agent-(\w+)$/.exec(req.get('authorization') ?? '');
    if (!match) throw new AppError('UNAUTHENTICATED');
    res.locals.agent = { id: match[1] };
    next();
  };
  const pass: RequestHandler = (_req, _res, next) => next();
  app.post('/api/v1/auth/local', limits.signIn ? signInLimiter(limits.signIn) : pass, (req, res) => {
    if (req.get('x-key') !== 'right') throw new AppError('UNAUTHENTICATED');
    res.json({ token: 't' });
  });
  app.get(
    '/api/v1/lookup',
    limits.apiPerIp ? ipApiLimiter(limits.apiPerIp) : pass,
    session,
    limits.apiPerAgent ? agentApiLimiter(limits.apiPerAgent) : pass,
    (_req, res) => {
      res.json({ matches: [] });
    },
  );
  app.use(errorHandler(pino({ enabled: false })));
  return { app, checks };
}

/** A sign-in with a wrong key (401), or with the right one when `right`. */
const signIn = (app: Express, ip: string, right = false) =>
  request(app).post('/api/v1/auth/local').set('X-Forwarded-For', ip).set('X-Key', right ? 'right' : 'wrong');
const lookup = (app: Express, ip: string, agent: string) =>
  request(app).get('/api/v1/lookup').set('X-Forwarded-For', ip).set('Authorization', `Bearer agent-${agent}`);

describe('rate limits', () => {
  it('refuses the 21st failed sign-in in a minute from one IP with 429 RATE_LIMITED and Retry-After, while another IP still signs in', async () => {
    const { app } = appWith({ signIn: { perMinute: 20 } });
    for (let i = 1; i <= 20; i += 1) assert.equal((await signIn(app, '203.0.113.7')).status, 401, `attempt ${i}`);
    const refused = await signIn(app, '203.0.113.7');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['content-type'], JSON_TYPE);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
    assert.deepEqual(refused.body, {
      error: {
        code: 'RATE_LIMITED',
        message: `Too many sign-in attempts from your network; try again in ${retryAfter} seconds.`,
        retryAfterS: retryAfter,
      },
    });
    assert.equal((await signIn(app, '198.51.100.20', true)).status, 200);
    assert.equal((await signIn(app, '203.0.113.7', true)).status, 429, 'even the right key, until the window ends');
  });

  it('never counts successful sign-ins: a whole office signs in from one address', async () => {
    const { app } = appWith({ signIn: { perMinute: 5 } });
    for (let i = 1; i <= 30; i += 1) assert.equal((await signIn(app, '203.0.113.7', true)).status, 200, `agent ${i}`);
    for (let i = 1; i <= 5; i += 1) assert.equal((await signIn(app, '203.0.113.7')).status, 401, `wrong key ${i}`);
    assert.equal((await signIn(app, '203.0.113.7')).status, 429);
  });

  it('tells every client its quota in the standard RateLimit headers, never the legacy X-RateLimit ones', async () => {
    const { app } = appWith({ signIn: { perMinute: 20 } });
    const res = await signIn(app, '203.0.113.7');
    assert.equal(res.status, 401);
    assert.match(String(res.headers.ratelimit), /^"sign-in"; r=19; t=(60|59)$/);
    assert.match(String(res.headers['ratelimit-policy']), /^"sign-in"; q=20; w=60; pk=:[A-Za-z0-9+/=]+:$/);
    assert.equal(res.headers['x-ratelimit-limit'], undefined);
  });

  it('limits each agent on its own, whatever IP it comes from, and leaves other agents on the same IP alone', async () => {
    const { app } = appWith({ apiPerIp: { perMinute: 100 }, apiPerAgent: { perMinute: 3 } });
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) assert.equal((await lookup(app, ip, 'maria')).status, 200, ip);
    const refused = await lookup(app, '203.0.113.4', 'maria');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'RATE_LIMITED');
    assert.match(refused.body.error.message, /^Too many requests from this agent; try again in \d+ seconds\.$/);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.equal((await lookup(app, '203.0.113.1', 'john')).status, 200);
  });

  it('cuts off a flood of made-up tokens from one IP before the session check runs', async () => {
    const { app, checks } = appWith({ apiPerIp: { perMinute: 5 }, apiPerAgent: { perMinute: 100 } });
    const guess = (ip: string) => request(app).get('/api/v1/lookup').set('X-Forwarded-For', ip).set('Authorization', 'Bearer guessed');
    for (let i = 0; i < 5; i += 1) assert.equal((await guess('203.0.113.9')).status, 401);
    const cut = await guess('203.0.113.9');
    assert.equal(cut.status, 429);
    assert.match(cut.body.error.message, /^Too many requests from your network; try again in \d+ seconds\.$/);
    assert.equal(checks.count, 5);
    assert.equal((await lookup(app, '198.51.100.1', 'maria')).status, 200);
  });

  it('counts only refused requests per IP, so many agents behind one office address work on', async () => {
    const { app } = appWith({ apiPerIp: { perMinute: 5 }, apiPerAgent: { perMinute: 100 } });
    for (let i = 0; i < 40; i += 1) assert.equal((await lookup(app, '203.0.113.1', `agent${i % 8}`)).status, 200, `request ${i}`);
  });

  it('counts an IPv6 client by its /56 network, so hopping addresses does not escape the limit', async () => {
    const { app } = appWith({ signIn: { perMinute: 2 } });
    assert.equal((await signIn(app, '2001:db8:0:1::1')).status, 401);
    assert.equal((await signIn(app, '2001:db8:0:2::2')).status, 401);
    assert.equal((await signIn(app, '2001:db8:0:3::3')).status, 429);
    assert.equal((await signIn(app, '2001:db8:0:100::1', true)).status, 200, 'another /56');
  });

  it('lets a client in again once its window is over', async () => {
    const { app } = appWith({ signIn: { perMinute: 2, windowMs: 300 } });
    assert.equal((await signIn(app, '203.0.113.7')).status, 401);
    assert.equal((await signIn(app, '203.0.113.7')).status, 401);
    const refused = await signIn(app, '203.0.113.7', true);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '1');
    await sleep(350);
    assert.equal((await signIn(app, '203.0.113.7', true)).status, 200);
  });
});
