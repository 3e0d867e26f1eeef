import assert from 'node:assert/strict';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
import { asAgent, buildTestApp, closeTestApps, JSON_TYPE, type TestApp } from './test-app.js';
import { seedCallEvents, seedCalls, type SeedCall } from './usage-calls.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';

/**
 * Seven calls over 2026-11-02..04 (UTC). In New York (UTC-5 then) omar's 02:30Z call falls on the evening of 11-02,
 * and lee's 03:00Z call on 11-01, outside a New York query of 11-02..04.
 */
const CALLS: SeedCall[] = [
  { agentId: 'maria', callId: 'c1', start: '2026-11-02T10:00:00.000Z', talkSeconds: 120, wrapUpAfterSeconds: 30, disposition: 'Interested' },
  { agentId: 'maria', callId: 'c2', start: '2026-11-02T10:30:00.000Z', result: 'busy' },
  { agentId: 'maria', callId: 'c3', start: '2026-11-03T14:00:00.000Z', direction: 'inbound', talkSeconds: 60 },
  { agentId: 'omar', callId: 'c4', start: '2026-11-03T02:30:00.000Z', result: 'no-answer' },
  { agentId: 'omar', callId: 'c5', start: '2026-11-04T09:00:00.000Z', result: 'failed' },
  { agentId: 'lee', callId: 'c6', start: '2026-11-02T11:00:00.000Z', talkSeconds: 30 },
  { agentId: 'lee', callId: 'c7', start: '2026-11-02T03:00:00.000Z', talkSeconds: 10 },
];

const ZERO = {
  calls: 0,
  inbound: 0,
  outbound: 0,
  answered: 0,
  noAnswer: 0,
  busy: 0,
  declined: 0,
  cancelled: 0,
  failed: 0,
  abandoned: 0,
  talkSeconds: 0,
  holdSeconds: 0,
  handleSeconds: 0,
  rates: { answered: null, noAnswer: null, busy: null, failed: null },
  averageHandleSeconds: null,
  averageTalkSeconds: null,
};

type Counts = typeof ZERO & Record<string, unknown>;

describe('admin API: usage', () => {
  let testApp: TestApp;
  const usage = (query: string) => request(testApp.app).get(`/api/v1/admin/usage${query}`).set('Authorization', `Bearer ${ADMIN}`);

  beforeEach(async () => {
    testApp = buildTestApp({ adminToken: ADMIN });
    for (const [id, name, team] of [['maria', 'Maria', 'Sales'], ['omar', 'Omar', 'Sales'], ['lee', 'Lee', 'Support']] as const) {
      await testApp.store.createAgent({ id, name, team, crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    }
    await seedCalls(testApp.store, CALLS);
  });
  afterEach(closeTestApps);

  it('counts calls, results, talk and handle time over the range, with rates and averages', async () => {
    const res = await usage('?from=2026-11-02&to=2026-11-04');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['content-type'], JSON_TYPE);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.from, '2026-11-02T00:00:00.000Z');
    assert.equal(res.body.to, '2026-11-05T00:00:00.000Z');
    assert.equal(res.body.timeZone, 'UTC');
    assert.deepEqual(res.body.filter, { agents: null, team: null });
    assert.equal(typeof res.body.tookMs, 'number');
    // Answered: c1 (120 s talk, 30 s wrap-up), c3 (60 s), c6 (30 s), c7 (10 s); handle = talk + wrap-up.
    assert.deepEqual(res.body.totals, {
      ...ZERO,
      calls: 7,
      inbound: 1,
      outbound: 6,
      answered: 4,
      noAnswer: 1,
      busy: 1,
      failed: 1,
      talkSeconds: 220,
      handleSeconds: 250,
      rates: { answered: 4 / 7, noAnswer: 1 / 7, busy: 1 / 7, failed: 1 / 7 },
      averageHandleSeconds: 62.5,
      averageTalkSeconds: 55,
    });
  });

  it('lists every day of the range, zero-filled, and all 24 hours', async () => {
    const res = await usage('?from=2026-11-01&to=2026-11-05');
    assert.equal(res.status, 200, res.text);
    const days = res.body.byDay as (Counts & { day: string })[];
    assert.deepEqual(days.map((d) => [d.day, d.calls]), [['2026-11-01', 0], ['2026-11-02', 4], ['2026-11-03', 2], ['2026-11-04', 1], ['2026-11-05', 0]]);
    assert.deepEqual(days[0], { day: '2026-11-01', ...ZERO });
    assert.deepEqual(days[2]!.rates, { answered: 0.5, noAnswer: 0.5, busy: 0, failed: 0 });
    const hours = res.body.byHour as (Counts & { hour: number })[];
    assert.deepEqual(hours.map((h) => h.hour), Array.from({ length: 24 }, (_, i) => i));
    assert.deepEqual(
      hours.filter((h) => h.calls > 0).map((h) => [h.hour, h.calls]),
      [[2, 1], [3, 1], [9, 1], [10, 2], [11, 1], [14, 1]],
    );
    assert.deepEqual(hours[0], { hour: 0, ...ZERO });
  });

  it('reads days and hours in the time zone asked for: a late call there belongs to the day before', async () => {
    const res = await usage('?from=2026-11-02&to=2026-11-04&tz=America/New_York');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.from, '2026-11-02T05:00:00.000Z');
    assert.equal(res.body.to, '2026-11-05T05:00:00.000Z');
    assert.equal(res.body.timeZone, 'America/New_York');
    assert.equal(res.body.totals.calls, 6, "lee's call at 22:00 on 11-01 New York time is outside the range");
    assert.deepEqual(res.body.byDay.map((d: Counts & { day: string }) => [d.day, d.calls]), [['2026-11-02', 4], ['2026-11-03', 1], ['2026-11-04', 1]]);
    assert.deepEqual(
      res.body.byHour.filter((h: Counts & { hour: number }) => h.calls > 0).map((h: Counts & { hour: number }) => [h.hour, h.calls]),
      [[4, 1], [5, 2], [6, 1], [9, 1], [21, 1]],
    );
    const omarDays = res.body.byAgentDay.filter((d: { agentId: string }) => d.agentId === 'omar');
    assert.deepEqual(omarDays, [
      { agentId: 'omar', day: '2026-11-02', calls: 1, answered: 0, talkSeconds: 0 },
      { agentId: 'omar', day: '2026-11-04', calls: 1, answered: 0, talkSeconds: 0 },
    ]);
  });

  it('lists agents by calls, with their name, team, active days and calls per active day', async () => {
    const res = await usage('?from=2026-11-02&to=2026-11-04');
    const agents = res.body.byAgent as (Counts & { agentId: string; name: string; team: string; activeDays: number; callsPerActiveDay: number })[];
    assert.deepEqual(
      agents.map((a) => [a.agentId, a.name, a.team, a.calls, a.activeDays, a.callsPerActiveDay]),
      [['maria', 'Maria', 'Sales', 3, 2, 1.5], ['lee', 'Lee', 'Support', 2, 1, 2], ['omar', 'Omar', 'Sales', 2, 2, 1]],
    );
    assert.equal(agents[0]!.averageHandleSeconds, (150 + 60) / 2);
    assert.deepEqual(agents[0]!.rates, { answered: 2 / 3, noAnswer: 0, busy: 1 / 3, failed: 0 });
    assert.deepEqual(res.body.byAgentDay.filter((d: { agentId: string }) => d.agentId === 'maria'), [
      { agentId: 'maria', day: '2026-11-02', calls: 2, answered: 1, talkSeconds: 120 },
      { agentId: 'maria', day: '2026-11-03', calls: 1, answered: 1, talkSeconds: 60 },
    ]);
  });

  it('counts a call once when a later wrap-up refolds it, with the wrap-up in its handle time', async () => {
    const [, , , wrapUp] = seedCallEvents({ agentId: 'lee', callId: 'c6', start: '2026-11-02T11:00:00.000Z', talkSeconds: 30, wrapUpAfterSeconds: 45 });
    await testApp.store.appendCallEvents([wrapUp!], Date.now());
    await foldPendingCalls({ store: testApp.store, ownerCrmId: async () => null, now: Date.now });
    const res = await usage('?from=2026-11-02&to=2026-11-04');
    assert.equal(res.body.totals.calls, 7);
    assert.equal(res.body.totals.handleSeconds, 250 + 45);
  });

  it('keeps a deleted agent’s calls, with a null name', async () => {
    await testApp.store.deleteAgent('lee');
    const res = await usage('?from=2026-11-02&to=2026-11-04');
    const lee = res.body.byAgent.find((a: { agentId: string }) => a.agentId === 'lee');
    assert.equal(lee.calls, 2);
    assert.equal(lee.name, null);
  });

  it('filters by team: the agents whose team it is now', async () => {
    const res = await usage('?from=2026-11-02&to=2026-11-04&team=Sales');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.filter, { agents: null, team: 'Sales' });
    assert.equal(res.body.totals.calls, 5);
    assert.deepEqual(res.body.byAgent.map((a: { agentId: string }) => a.agentId), ['maria', 'omar']);
    await testApp.store.updateAgent('lee', { team: 'Sales' });
    assert.equal((await usage('?from=2026-11-02&to=2026-11-04&team=Sales')).body.totals.calls, 7);
  });

  it('filters by agents; an unknown agent id matches nothing', async () => {
    const res = await usage('?from=2026-11-02&to=2026-11-04&agent=lee,ghost');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.filter, { agents: ['lee', 'ghost'], team: null });
    assert.equal(res.body.totals.calls, 2);
    assert.deepEqual(res.body.byAgent.map((a: { agentId: string }) => a.agentId), ['lee']);
    const both = await usage('?from=2026-11-02&to=2026-11-04&agent=lee,maria&team=Sales');
    assert.equal(both.body.totals.calls, 3, 'agent and team filters apply together');
    const nobody = await usage('?from=2026-11-02&to=2026-11-04&agent=ghost');
    assert.deepEqual(nobody.body.totals, ZERO);
    assert.deepEqual(nobody.body.byAgent, []);
  });

  it('covers the 7 days ending today by default, and counts refused dials by reason, most first', async () => {
    const agent = await asAgent(testApp, 'gb-only', { allowedCountries: ['GB'] });
    for (let i = 0; i < 2; i++) {
      const refused = await agent.post('/api/v1/resolve').send({ number: '+14155552671' });
      assert.equal(refused.body.policy.code, 'COUNTRY_NOT_ALLOWED');
    }
    await testApp.store.createAgent({ id: 'quick', name: 'Quick', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash, limits: { callsPerMinute: 1, callsPerDay: null, concurrentCalls: null } });
    const quick = await asAgent(testApp, 'quick');
    assert.equal((await quick.post('/api/v1/resolve').send({ number: '+442079460958' })).body.policy.allowed, true);
    assert.equal((await quick.post('/api/v1/resolve').send({ number: '+442079460958' })).body.policy.code, 'CALLS_PER_MINUTE');

    const res = await usage('');
    assert.equal(res.status, 200, res.text);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(res.body.byDay.length, 7);
    assert.equal(res.body.byDay.at(-1).day, today);
    assert.deepEqual(res.body.refusals, [
      { code: 'COUNTRY_NOT_ALLOWED', count: 2 },
      { code: 'CALLS_PER_MINUTE', count: 1 },
    ]);
    const onlyQuick = await usage('?agent=quick');
    assert.deepEqual(onlyQuick.body.refusals, [{ code: 'CALLS_PER_MINUTE', count: 1 }]);
  });

  describe('refuses a query it cannot answer, saying what to send', () => {
    const cases: [string, string, RegExp][] = [
      ['a malformed date', '?from=2026-11-2', /^query\.from must be a date YYYY-MM-DD/],
      ['a date that does not exist', '?from=2026-02-30&to=2026-03-02', /^query\.from must be a date YYYY-MM-DD/],
      ['to before from', '?from=2026-11-05&to=2026-11-04', /^query\.to must be on or after from \(2026-11-05\)/],
      ['more than 366 days', '?from=2025-01-01&to=2026-01-02', /^query\.to must be at most 366 days after from.*to=2026-01-01/],
      ['an unknown time zone', '?tz=Mars/Olympus_Mons', /^query\.tz must be an IANA time zone such as Europe\/London/],
      ['an agent id with spaces', '?agent=maria,bad%20id', /^query\.agent\.1 must be 1 to 64 letters/],
      ['a parameter given twice', '?team=A&team=B', /^query\.team must be given once/],
      ['an unknown parameter', '?form=2026-11-01', /^The request query has parameters the API does not know \(form\)/],
      ['a year past 9998', '?from=9999-12-25&to=9999-12-31', /^query\.from must be a date in the years 1970 to 9998/],
      ['a to in the year 9999', '?from=9998-12-25&to=9999-01-01', /^query\.to must be a date in the years 1970 to 9998/],
      ['the year 0', '?from=0000-01-01&to=0000-01-02', /^query\.from must be a date in the years 1970 to 9998/],
      ['a year before 1970', '?from=1969-12-31', /^query\.from must be a date in the years 1970 to 9998/],
    ];
    for (const [what, query, message] of cases) {
      it(`refuses ${what} with 400 VALIDATION_FAILED`, async () => {
        for (const path of ['/usage', '/calls.csv']) {
          const res = await request(testApp.app).get(`/api/v1/admin${path}${query}`).set('Authorization', `Bearer ${ADMIN}`);
          assert.equal(res.status, 400, `${path}: ${res.text}`);
          assert.equal(res.body.error.code, 'VALIDATION_FAILED');
          assert.match(res.body.error.message, message);
        }
      });
    }

    it('takes a range of exactly 366 days', async () => {
      assert.equal((await usage('?from=2024-01-01&to=2024-12-31')).status, 200);
    });

    it('takes the first and the last years it accepts, in any zone', async () => {
      for (const query of ['?from=1970-01-01&to=1970-01-07&tz=America/New_York', '?from=1970-01-01&to=1970-01-07&tz=Asia/Tokyo', '?from=9998-12-25&to=9998-12-31&tz=Pacific/Kiritimati']) {
        for (const path of ['/usage', '/calls.csv']) {
          const res = await request(testApp.app).get(`/api/v1/admin${path}${query}`).set('Authorization', `Bearer ${ADMIN}`);
          assert.equal(res.status, 200, `${path}${query}: ${res.text}`);
        }
      }
    });
  });
});
