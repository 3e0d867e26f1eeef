import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashToken } from '../../../connector/src/auth/sign-in-key.js';
import type { CallEvent } from '../../../connector/src/domain/call-event.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import { dayString, localDayStart, offsetSegments } from '../../../connector/src/domain/usage-time-zone.js';
import type { UsageFilter } from '../../../connector/src/store/store.js';
import { naiveUsage } from '../naive-usage.js';
import { callEvents, foldAll, type CallPlan } from '../usage-calls.js';
import { describeEachStore } from './store-kinds.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AGENTS = ['a1', 'a2', 'a3', 'a4'] as const;
const TEAMS = ['Sales', 'Support', null] as const;
const ZONES = ['Europe/London', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'] as const;
/** Two days before each of London's DST changes in 2026, so the calls straddle it. */
const WINDOWS = ['2026-03-27', '2026-10-23'] as const;
/**
 * Runs per store kind: each PostgreSQL run migrates a fresh schema and folds over the network (some 0.2 s a run), so it
 * gets fewer runs than the in-memory SQLite store; the same generator covers both.
 */
const RUNS = { SQLite: 300, PostgreSQL: 40 } as const;

interface GeneratedCall {
  readonly agent: (typeof AGENTS)[number];
  readonly startOffset: number;
  readonly direction: 'inbound' | 'outbound';
  readonly outcome:
    | { readonly kind: 'answered'; readonly answerAfterMs: number; readonly holdMs: number; readonly talkMs: number }
    | { readonly kind: 'unanswered'; readonly cause: 'busy' | 'no-answer' | 'declined' | 'cancelled' | 'failed' | 'heartbeat-timeout'; readonly sipStatus: number | null; readonly afterMs: number }
    | { readonly kind: 'open' };
  readonly wrapUps: readonly number[];
  /** Its ending and wrap-ups reach the connector only after a first fold. */
  readonly late: boolean;
  /** Its first event (dialing or ringing) reaches the connector only after a first fold: the call starts earlier then. */
  readonly firstLate: boolean;
}

const generatedCall: fc.Arbitrary<GeneratedCall> = fc.record({
  agent: fc.constantFrom(...AGENTS),
  startOffset: fc.integer({ min: 0, max: 6 * DAY }),
  direction: fc.constantFrom('inbound' as const, 'outbound' as const),
  outcome: fc.oneof(
    fc.record({ kind: fc.constant('answered' as const), answerAfterMs: fc.integer({ min: 0, max: 2 * HOUR }), holdMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300_000 })), talkMs: fc.integer({ min: 0, max: 2 * HOUR }) }),
    fc.record({
      kind: fc.constant('unanswered' as const),
      cause: fc.constantFrom('busy' as const, 'no-answer' as const, 'declined' as const, 'cancelled' as const, 'failed' as const, 'heartbeat-timeout' as const),
      sipStatus: fc.constantFrom(null, 486, 480, 503, 603),
      afterMs: fc.integer({ min: 0, max: 90_000 }),
    }),
    fc.record({ kind: fc.constant('open' as const) }),
  ),
  wrapUps: fc.array(fc.integer({ min: -60_000, max: 4_000_000 }), { maxLength: 2 }),
  late: fc.boolean(),
  firstLate: fc.boolean(),
});

const scenario = fc.record({
  teams: fc.tuple(...AGENTS.map(() => fc.constantFrom(...TEAMS))),
  window: fc.constantFrom(...WINDOWS),
  calls: fc.array(generatedCall, { maxLength: 30 }),
  refusals: fc.array(fc.record({ agent: fc.constantFrom(...AGENTS), offset: fc.integer({ min: 0, max: 6 * DAY }), code: fc.constantFrom('DO_NOT_CALL', 'PREMIUM_RATE', 'CALLS_PER_DAY') }), { maxLength: 8 }),
  zone: fc.constantFrom(...ZONES),
  fromDay: fc.integer({ min: -1, max: 6 }),
  days: fc.integer({ min: 1, max: 5 }),
  agentIds: fc.option(fc.subarray([...AGENTS, 'ghost']), { nil: null }),
  team: fc.option(fc.constantFrom('Sales', 'Support', 'Nobody'), { nil: null }),
});

function plan(call: GeneratedCall, index: number, base: number): CallPlan {
  const common = { agentId: call.agent, callId: `call-${index}`, startMs: base + call.startOffset, direction: call.direction, wrapUpsAfterEndMs: call.wrapUps };
  switch (call.outcome.kind) {
    case 'answered':
      return { ...common, answerAfterMs: call.outcome.answerAfterMs, holdMs: call.outcome.holdMs, endAfterMs: call.outcome.talkMs };
    case 'unanswered':
      return { ...common, answerAfterMs: null, endAfterMs: call.outcome.afterMs, cause: call.outcome.cause, sipStatus: call.outcome.sipStatus };
    case 'open':
      return { ...common, answerAfterMs: null, endAfterMs: null };
  }
}

describeEachStore('usage matches a naive count of the records', (open, kind) => {
  it('for random calls across DST changes, refolded as they end and are wrapped up, in any zone and filter', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const store = await open();
        try {
          const teamOf = new Map<string, string | null>(AGENTS.map((id, i) => [id, s.teams[i] ?? null]));
          for (const [id, team] of teamOf) await store.createAgent({ id, name: id, crmUserId: null, disabled: false, team, tokenHash: hashToken(id) });
          const base = Date.parse(`${s.window}T00:00:00Z`);
          const firstSeen: CallEvent[] = [];
          const later: CallEvent[] = [];
          const all = new Map<string, CallEvent[]>();
          s.calls.forEach((call, i) => {
            const events = callEvents(plan(call, i, base));
            all.set(`call-${i}`, events);
            const endIndex = events.findIndex((e) => e.type === 'ended');
            // Late calls end after a first fold; the others get their last wrap-up (a correction, when two) after it.
            const split = call.late && endIndex >= 0 ? endIndex : events.length > 1 && events[events.length - 1]!.type === 'wrapup' ? events.length - 1 : events.length;
            const held = call.firstLate && split > 1 ? 1 : 0;
            firstSeen.push(...events.slice(held, split));
            later.push(...events.slice(0, held), ...events.slice(split));
          });
          const refusals = s.refusals.map((r) => ({ agentId: r.agent, at: base + r.offset, code: r.code }));
          for (const r of refusals) await store.recordRefusal(r);

          const fromDate = dayString(Math.floor(base / DAY) + s.fromDay);
          const from = localDayStart(fromDate, s.zone);
          const to = localDayStart(dayString(Math.floor(base / DAY) + s.fromDay + s.days), s.zone);
          const filter: UsageFilter = { from, to, agentIds: s.agentIds, team: s.team };
          const segments = offsetSegments(from, to, s.zone);
          const fold = (events: readonly CallEvent[]) =>
            [...new Set(events.map((e) => e.callId))].map((callId) => foldCallEvents(events.filter((e) => e.callId === callId))!);

          await store.appendCallEvents(firstSeen, base);
          await foldAll(store, base);
          assert.deepEqual(await store.usage(filter, segments), naiveUsage(fold(firstSeen), teamOf, refusals, filter, s.zone), 'after the first fold');

          await store.appendCallEvents(later, base + 1);
          await foldAll(store, base + 1);
          const records = [...all.values()].map((events) => foldCallEvents(events)!);
          assert.deepEqual(await store.usage(filter, segments), naiveUsage(records, teamOf, refusals, filter, s.zone), 'after the refolds');
        } finally {
          await store.close();
        }
      }),
      { numRuns: RUNS[kind] },
    );
  });
});
