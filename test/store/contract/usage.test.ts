import assert from 'node:assert/strict';
import { hashToken } from '../../../connector/src/auth/sign-in-key.js';
import { localDayStart, offsetSegments } from '../../../connector/src/domain/usage-time-zone.js';
import type { Store, UsageCounts, UsageFilter, UsageReport } from '../../../connector/src/store/store.js';
import { callEvents, foldAll, type CallPlan } from '../usage-calls.js';
import { describeEachStore } from './store-kinds.js';

const SECOND = 1000;
const at = (text: string) => Date.parse(text);
const ZERO: UsageCounts = {
  calls: 0, inbound: 0, outbound: 0, answered: 0, noAnswer: 0, busy: 0, declined: 0, cancelled: 0, failed: 0, abandoned: 0,
  talkSeconds: 0, holdSeconds: 0, handleSeconds: 0,
};

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The filter of the local dates `fromDate` to `toDate`, both inclusive, as the usage API builds it. */
function range(fromDate: string, toDate: string, timeZone: string, more: Partial<UsageFilter> = {}): [UsageFilter, ReturnType<typeof offsetSegments>] {
  const from = localDayStart(fromDate, timeZone);
  const to = localDayStart(dayAfter(toDate), timeZone);
  return [{ from, to, agentIds: null, team: null, ...more }, offsetSegments(from, to, timeZone)];
}

const answered = (agentId: string, callId: string, startMs: number, more: Partial<CallPlan> = {}): CallPlan => ({
  agentId, callId, startMs, direction: 'outbound', answerAfterMs: 2 * SECOND, endAfterMs: 30 * SECOND, ...more,
});

describeEachStore('usage', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    for (const [id, team] of [['maria', 'Sales'], ['omar', 'Sales'], ['li', 'Support']] as const) {
      await store.createAgent({ id, name: id, crmUserId: null, disabled: false, team, tokenHash: hashToken(`key-${id}`) });
    }
  });

  async function calls(...plans: CallPlan[]): Promise<void> {
    await store.appendCallEvents(plans.flatMap(callEvents), Date.now());
    await foldAll(store, Date.now());
  }

  it('counts each result and direction, with talk, hold and handle time', async () => {
    const t = at('2026-07-01T09:00:00Z');
    await calls(
      answered('maria', 'c1', t, { answerAfterMs: 4200, holdMs: 10 * SECOND, endAfterMs: 60 * SECOND }),
      { agentId: 'maria', callId: 'c2', startMs: t + 1, direction: 'inbound', answerAfterMs: null, endAfterMs: 20 * SECOND, cause: 'no-answer' },
      { agentId: 'maria', callId: 'c3', startMs: t + 2, direction: 'outbound', answerAfterMs: null, endAfterMs: 5 * SECOND, cause: 'busy' },
      { agentId: 'maria', callId: 'c4', startMs: t + 3, direction: 'outbound', answerAfterMs: null, endAfterMs: 5 * SECOND, cause: 'failed', sipStatus: 503 },
      { agentId: 'maria', callId: 'c5', startMs: t + 4, direction: 'inbound', answerAfterMs: null, endAfterMs: 5 * SECOND, cause: 'cancelled' },
      { agentId: 'maria', callId: 'c6', startMs: t + 5, direction: 'outbound', answerAfterMs: null, endAfterMs: 5 * SECOND, cause: 'declined' },
      { agentId: 'maria', callId: 'c7', startMs: t + 6, direction: 'outbound', answerAfterMs: null, endAfterMs: 5 * SECOND, cause: 'heartbeat-timeout' },
      answered('maria', 'c8', t + 7, { wrapUpsAfterEndMs: [45_400] }),
    );
    const report = await store.usage(...range('2026-07-01', '2026-07-01', 'UTC'));
    const expected: UsageCounts = {
      calls: 8, inbound: 2, outbound: 6, answered: 2, noAnswer: 1, busy: 1, declined: 1, cancelled: 1, failed: 1, abandoned: 1,
      // c1: 71 s from answer to end, 10 of them on hold; c8: 30 s of talk and a 45 s wrap-up.
      talkSeconds: 61 + 30, holdSeconds: 10, handleSeconds: 71 + 75,
    };
    assert.deepEqual(report.totals, expected);
    assert.deepEqual(report.byDay, [{ ...expected, day: '2026-07-01' }]);
    assert.deepEqual(report.byHour, [{ ...expected, hour: 9 }]);
    assert.deepEqual(report.byAgent, [{ ...expected, agentId: 'maria', activeDays: 1 }]);
    assert.deepEqual(report.byAgentDay, [{ agentId: 'maria', day: '2026-07-01', calls: 8, answered: 2, talkSeconds: 91 }]);
  });

  it('answers a whole year in London: summer calls late in the UTC day count on the next local day', async () => {
    await calls(
      answered('maria', 'jan', at('2026-01-15T23:30:00Z')),
      answered('maria', 'mar', at('2026-03-29T00:30:00Z')), // 00:30 GMT, half an hour before the clocks go forward
      answered('maria', 'jun', at('2026-06-15T23:30:00Z')), // 00:30 BST on the 16th
      answered('omar', 'jun', at('2026-06-15T22:30:00Z')), // 23:30 BST on the 15th
      answered('maria', 'oct', at('2026-10-25T00:30:00Z')), // 01:30 BST, the first of the two 01:30s
      answered('omar', 'dec', at('2026-12-31T23:59:59Z')),
      answered('omar', 'next-year', at('2027-01-01T00:00:00Z')),
    );
    const report = await store.usage(...range('2026-01-01', '2026-12-31', 'Europe/London'));
    assert.deepEqual(report.byAgentDay.map((d) => [d.agentId, d.day, d.calls]), [
      ['maria', '2026-01-15', 1], ['maria', '2026-03-29', 1], ['maria', '2026-06-16', 1], ['maria', '2026-10-25', 1],
      ['omar', '2026-06-15', 1], ['omar', '2026-12-31', 1],
    ]);
    assert.deepEqual(report.byAgent.map((a) => [a.agentId, a.calls, a.activeDays]), [['maria', 4, 4], ['omar', 2, 2]]);
    assert.deepEqual(report.byDay.map((d) => [d.day, d.calls]), [
      ['2026-01-15', 1], ['2026-03-29', 1], ['2026-06-15', 1], ['2026-06-16', 1], ['2026-10-25', 1], ['2026-12-31', 1],
    ]);
    assert.deepEqual(report.byHour.map((h) => [h.hour, h.calls]), [[0, 2], [1, 1], [23, 3]]);
    const sales = await store.usage(...range('2026-01-01', '2026-12-31', 'Europe/London', { team: 'Sales' }));
    assert.deepEqual(sales.byAgentDay, report.byAgentDay);
  });

  it('puts a call in the local day and hour of its zone', async () => {
    await calls(answered('maria', 'late', at('2026-07-01T23:30:00Z')));
    const london = await store.usage(...range('2026-07-01', '2026-07-02', 'Europe/London'));
    assert.deepEqual(london.byDay.map((d) => [d.day, d.calls]), [['2026-07-02', 1]]);
    assert.deepEqual(london.byHour.map((h) => [h.hour, h.calls]), [[0, 1]]);
    const utc = await store.usage(...range('2026-07-01', '2026-07-02', 'UTC'));
    assert.deepEqual(utc.byDay.map((d) => [d.day, d.calls]), [['2026-07-01', 1]]);
    assert.deepEqual(utc.byHour.map((h) => [h.hour, h.calls]), [[23, 1]]);
  });

  it('keeps the 25 hours of the day the clocks go back in one local day', async () => {
    await calls(
      answered('maria', 'before', at('2026-10-24T22:30:00Z')), // 23:30 BST on the 24th
      answered('maria', 'first', at('2026-10-24T23:30:00Z')), // 00:30 BST on the 25th
      answered('maria', 'last', at('2026-10-25T23:30:00Z')), // 23:30 GMT on the 25th
      answered('maria', 'after', at('2026-10-26T00:30:00Z')), // 00:30 GMT on the 26th
    );
    const report = await store.usage(...range('2026-10-25', '2026-10-25', 'Europe/London'));
    assert.deepEqual(report.byDay.map((d) => [d.day, d.calls]), [['2026-10-25', 2]]);
    assert.deepEqual(report.byHour.map((h) => [h.hour, h.calls]), [[0, 1], [23, 1]]);
    assert.equal(report.byAgent[0]?.activeDays, 1);
  });

  it('counts a call once it has ended, and a refold replaces its contribution: wrap-ups add handle time, capped at 30 minutes', async () => {
    const plan = answered('maria', 'c1', at('2026-07-01T10:00:00Z'));
    const events = callEvents({ ...plan, wrapUpsAfterEndMs: [120 * SECOND, 3 * 3600 * SECOND] });
    const [dialing, answer, ended, wrapUp, correction] = events;
    const report = () => store.usage(...range('2026-07-01', '2026-07-01', 'UTC'));

    await store.appendCallEvents([dialing!, answer!], Date.now());
    await foldAll(store, Date.now());
    assert.deepEqual((await report()).totals, ZERO);

    await store.appendCallEvents([ended!], Date.now());
    await foldAll(store, Date.now());
    assert.deepEqual((await report()).totals, { ...ZERO, calls: 1, outbound: 1, answered: 1, talkSeconds: 30, handleSeconds: 30 });

    await store.appendCallEvents([wrapUp!], Date.now());
    await foldAll(store, Date.now());
    const wrapped = await report();
    assert.deepEqual(wrapped.totals, { ...ZERO, calls: 1, outbound: 1, answered: 1, talkSeconds: 30, handleSeconds: 150 });
    assert.deepEqual(wrapped.byAgentDay, [{ agentId: 'maria', day: '2026-07-01', calls: 1, answered: 1, talkSeconds: 30 }]);

    await store.appendCallEvents([correction!], Date.now());
    await foldAll(store, Date.now());
    assert.deepEqual((await report()).totals, { ...ZERO, calls: 1, outbound: 1, answered: 1, talkSeconds: 30, handleSeconds: 30 + 1800 });
    const [fact] = await store.callFacts(range('2026-07-01', '2026-07-01', 'UTC')[0], { limit: 10 });
    assert.deepEqual([fact?.wrapUpSeconds, fact?.disposition, fact?.notes], [1800, 'D1', 'notes 1 of c1']);
  });

  it('filters by agents, by the team agents are in now, and by both', async () => {
    const t = at('2026-07-01T10:00:00Z');
    await calls(answered('maria', 'm1', t), answered('omar', 'o1', t), answered('li', 'l1', t), answered('li', 'l2', t + 60_000));
    const agentsOf = async (more: Partial<UsageFilter>) =>
      (await store.usage(...range('2026-07-01', '2026-07-01', 'UTC', more))).byAgent.map((a) => [a.agentId, a.calls]);

    assert.deepEqual(await agentsOf({}), [['li', 2], ['maria', 1], ['omar', 1]]);
    assert.deepEqual(await agentsOf({ team: 'Sales' }), [['maria', 1], ['omar', 1]]);
    assert.deepEqual(await agentsOf({ agentIds: ['li'] }), [['li', 2]]);
    assert.deepEqual(await agentsOf({ team: 'Sales', agentIds: ['li', 'maria'] }), [['maria', 1]]);
    assert.deepEqual(await agentsOf({ agentIds: [] }), []);
    assert.deepEqual(await agentsOf({ team: 'Nobody' }), []);

    await store.updateAgent('li', { team: 'Sales' });
    await store.deleteAgent('omar');
    assert.deepEqual(await agentsOf({ team: 'Sales' }), [['li', 2], ['maria', 1]]);
    assert.deepEqual(await agentsOf({}), [['li', 2], ['maria', 1], ['omar', 1]], 'a deleted agent’s calls still count');
  });

  it('counts active days per agent and calls per agent and day', async () => {
    await calls(
      answered('omar', 'o1', at('2026-07-02T08:00:00Z')),
      answered('maria', 'm1', at('2026-07-01T08:00:00Z')),
      { agentId: 'maria', callId: 'm2', startMs: at('2026-07-01T15:00:00Z'), direction: 'inbound', answerAfterMs: null, endAfterMs: 9000, cause: 'no-answer' },
      answered('maria', 'm3', at('2026-07-03T08:00:00Z'), { endAfterMs: 90 * SECOND }),
    );
    const report = await store.usage(...range('2026-07-01', '2026-07-07', 'UTC'));
    assert.deepEqual(report.byAgent.map((a) => [a.agentId, a.calls, a.activeDays]), [['maria', 3, 2], ['omar', 1, 1]]);
    assert.deepEqual(report.byAgentDay, [
      { agentId: 'maria', day: '2026-07-01', calls: 2, answered: 1, talkSeconds: 30 },
      { agentId: 'maria', day: '2026-07-03', calls: 1, answered: 1, talkSeconds: 90 },
      { agentId: 'omar', day: '2026-07-02', calls: 1, answered: 1, talkSeconds: 30 },
    ]);
    assert.deepEqual(report.byDay.map((d) => d.day), ['2026-07-01', '2026-07-02', '2026-07-03']);
  });

  it('leaves out calls that started outside the range', async () => {
    await calls(answered('maria', 'early', at('2026-06-30T23:59:59Z')), answered('maria', 'in', at('2026-07-01T00:00:00Z')), answered('maria', 'late', at('2026-07-02T00:00:00Z')));
    const report = await store.usage(...range('2026-07-01', '2026-07-01', 'UTC'));
    assert.equal(report.totals.calls, 1);
  });

  it('counts refused dials by code, most first, in the range and filters', async () => {
    const t = at('2026-07-01T10:00:00Z');
    for (const [agentId, offset, code] of [
      ['maria', 0, 'DO_NOT_CALL'], ['maria', 1, 'PREMIUM_RATE'], ['omar', 2, 'DO_NOT_CALL'], ['li', 3, 'DO_NOT_CALL'],
      ['li', 4, 'CALLS_PER_MINUTE'], ['maria', 86_400_000, 'DO_NOT_CALL'],
    ] as const) {
      await store.recordRefusal({ agentId, at: t + offset, code });
    }
    const refusals = async (more: Partial<UsageFilter>) => (await store.usage(...range('2026-07-01', '2026-07-01', 'UTC', more))).refusals;
    assert.deepEqual(await refusals({}), [{ code: 'DO_NOT_CALL', count: 3 }, { code: 'CALLS_PER_MINUTE', count: 1 }, { code: 'PREMIUM_RATE', count: 1 }]);
    assert.deepEqual(await refusals({ team: 'Sales' }), [{ code: 'DO_NOT_CALL', count: 2 }, { code: 'PREMIUM_RATE', count: 1 }]);
    assert.deepEqual(await refusals({ agentIds: ['li'] }), [{ code: 'CALLS_PER_MINUTE', count: 1 }, { code: 'DO_NOT_CALL', count: 1 }]);
  });

  it('reports nothing, not zeros, for a range without calls', async () => {
    const report: UsageReport = await store.usage(...range('2026-07-01', '2026-07-31', 'Europe/London'));
    assert.deepEqual(report, { totals: ZERO, byDay: [], byHour: [], byAgent: [], byAgentDay: [], refusals: [] });
  });
});

describeEachStore('call facts for the export', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    await store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, team: 'Sales', tokenHash: hashToken('k1') });
    await store.createAgent({ id: 'li', name: 'Li', crmUserId: null, disabled: false, team: 'Support', tokenHash: hashToken('k2') });
  });

  it('holds every field of the ended call, times in ms', async () => {
    const start = at('2026-07-01T10:00:00.250Z');
    await store.appendCallEvents(callEvents(answered('maria', 'sip-1', start, { holdMs: 5000, wrapUpsAfterEndMs: [12_000] })), Date.now());
    await foldAll(store, Date.now());
    const facts = await store.callFacts({ from: start, to: start + 1, agentIds: null, team: null }, { limit: 10 });
    assert.deepEqual(facts, [{
      leg: 'maria:sip-1', callId: 'sip-1', agentId: 'maria', direction: 'outbound', from: 'sip:maria@pbx.test', to: '+442079460958',
      recordType: 'Contact', recordId: 'C-sip-1', startedAt: start, answeredAt: start + 2000, endedAt: start + 2000 + 1000 + 5000 + 30_000,
      talkSeconds: 31, holdSeconds: 5, wrapUpSeconds: 12, result: 'answered', endCause: 'hangup', sipStatus: 200, hungUpBy: 'remote',
      disposition: 'D0', notes: 'notes 0 of sip-1',
    }]);
  });

  it('pages through the range in start order, ties by leg, each page after the last fact of the one before', async () => {
    const t = at('2026-07-01T10:00:00Z');
    const plans = [
      answered('maria', 'b', t), answered('li', 'a', t), answered('maria', 'c', t + 1000), answered('li', 'd', t + 2000),
      answered('maria', 'e', t + 3000), answered('li', 'open', t, { endAfterMs: null }), answered('maria', 'next-day', t + 86_400_000),
    ];
    await store.appendCallEvents(plans.flatMap(callEvents), Date.now());
    await foldAll(store, Date.now());
    const [filter] = range('2026-07-01', '2026-07-01', 'UTC');
    const pages: string[][] = [];
    let after: { startedAt: number; leg: string } | undefined;
    for (;;) {
      const page = await store.callFacts(filter, { limit: 2, ...(after ? { after } : {}) });
      if (page.length === 0) break;
      pages.push(page.map((f) => f.leg));
      const last = page[page.length - 1]!;
      after = { startedAt: last.startedAt, leg: last.leg };
    }
    assert.deepEqual(pages, [['li:a', 'maria:b'], ['maria:c', 'li:d'], ['maria:e']]);
    const sales = await store.callFacts({ ...filter, team: 'Sales' }, { limit: 10 });
    assert.deepEqual(sales.map((f) => f.leg), ['maria:b', 'maria:c', 'maria:e']);
    const li = await store.callFacts({ ...filter, agentIds: ['li'] }, { limit: 10, after: { startedAt: t, leg: 'li:a' } });
    assert.deepEqual(li.map((f) => f.leg), ['li:d']);
  });
});
