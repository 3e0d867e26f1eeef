import type { CallEvent } from '../../../connector/src/domain/call-event.js';

/**
 * The calls, agents and refusals the usage dashboard's browser tests seed, and the figures the contract says the
 * dashboard must show for them, worked out here from the seed rather than read from the connector.
 */

export type Outcome = 'answered' | 'no-answer' | 'busy' | 'declined' | 'cancelled' | 'failed' | 'abandoned';

export interface SeededCall {
  readonly callId: string;
  readonly agentId: string;
  readonly startMs: number;
  readonly direction: 'inbound' | 'outbound';
  readonly outcome: Outcome;
  readonly talkSeconds: number;
  /** Seconds from the end to the wrap-up; null without one. */
  readonly wrapUpSeconds: number | null;
}

/** Four current agents in two teams, and one (in Sales) deleted after its calls: it shows by id. */
export const AGENTS = [
  { id: 'ana', name: 'Ana Lima', team: 'Sales' },
  { id: 'ben', name: 'Ben Okafor', team: 'Sales' },
  { id: 'cleo', name: 'Cleo Park', team: 'Support' },
  { id: 'dev', name: 'Dev Shah', team: 'Support' },
  { id: 'eve', name: 'Eve Deleted', team: 'Sales' },
] as const;
export const DELETED = 'eve';
export const FROM = '2025-03-03';
export const TO = '2025-03-09';
export const RANGE_START = Date.parse(`${FROM}T00:00:00Z`);
export const RANGE_END = Date.parse(`${TO}T00:00:00Z`) + 86_400_000;
const OUTCOMES: readonly Outcome[] = ['answered', 'answered', 'no-answer', 'busy', 'answered', 'failed', 'declined', 'answered', 'cancelled', 'abandoned', 'answered'];
/** Hours calls start at; 10:00 comes up most. */
const HOURS = [9, 10, 10, 10, 11, 14, 15, 16, 10, 13];
export const REFUSALS = [
  { agentId: 'ana', code: 'DO_NOT_CALL', at: '2025-03-04T09:00:00Z' },
  { agentId: 'ben', code: 'DO_NOT_CALL', at: '2025-03-05T10:00:00Z' },
  { agentId: 'cleo', code: 'DO_NOT_CALL', at: '2025-03-06T11:00:00Z' },
  { agentId: 'dev', code: 'PREMIUM_RATE', at: '2025-03-06T12:00:00Z' },
  { agentId: 'ana', code: 'CALLS_PER_DAY', at: '2025-03-07T16:00:00Z' },
  { agentId: 'ana', code: 'CALLS_PER_DAY', at: '2025-03-07T16:05:00Z' },
  { agentId: 'ben', code: 'SOMETHING_NEW', at: '2025-03-08T08:00:00Z' },
  { agentId: 'ben', code: 'DO_NOT_CALL', at: '2025-03-11T08:00:00Z' }, // after the range
];
export const LABELS: Record<string, string> = {
  DO_NOT_CALL: 'Do Not Call on the record',
  PREMIUM_RATE: 'Premium-rate number',
  CALLS_PER_DAY: 'Daily call limit reached',
};

/** Calls of every result over the range's days (and one either side of it), varied but fixed. */
export function seedCalls(): SeededCall[] {
  const calls: SeededCall[] = [];
  AGENTS.forEach((agent, a) => {
    for (let d = 0; d < 7; d += 1) {
      const count = 2 + ((a * 3 + d * 5) % 4);
      for (let k = 0; k < count; k += 1) {
        const hour = HOURS[(a + d + k) % HOURS.length]!;
        const minute = (7 * k + 11 * a) % 60;
        calls.push({
          callId: `call-${agent.id}-${d}-${k}`,
          agentId: agent.id,
          startMs: RANGE_START + d * 86_400_000 + hour * 3_600_000 + minute * 60_000,
          direction: (a + d + k) % 4 === 0 ? 'inbound' : 'outbound',
          outcome: OUTCOMES[(a * 7 + d * 3 + k) % OUTCOMES.length]!,
          talkSeconds: 30 + ((a * 37 + d * 53 + k * 71) % 400),
          wrapUpSeconds: k % 3 === 0 ? 20 + k * 5 : null,
        });
      }
    }
  });
  const edge = { agentId: 'ana', direction: 'outbound', outcome: 'answered', talkSeconds: 60, wrapUpSeconds: null } as const;
  calls.push({ ...edge, callId: 'call-before', startMs: RANGE_START - 30 * 60_000 });
  calls.push({ ...edge, callId: 'call-after', startMs: RANGE_END + 10 * 60_000 });
  return calls;
}

/** The events a widget reports for one call, answered 4 s after it starts. */
export function eventsOf(call: SeededCall): CallEvent[] {
  const at = (seconds: number) => new Date(call.startMs + seconds * 1000).toISOString();
  const base = (n: string, seconds: number) => ({ eventId: `${call.callId}-${n}`, callId: call.callId, agentId: call.agentId, occurredAt: at(seconds) });
  const parties = call.direction === 'outbound' ? { from: `sip:${call.agentId}@pbx.demo.test`, to: '+14155550100' } : { from: '+14155550100', to: `sip:${call.agentId}@pbx.demo.test` };
  const events: CallEvent[] = [
    { ...base('start', 0), type: call.direction === 'outbound' ? 'dialing' : 'ringing', direction: call.direction, ...parties, record: { objectType: 'Contact', id: 'CON-0001' } },
  ];
  const end = (seconds: number, cause: Extract<CallEvent, { type: 'ended' }>['cause'], sipStatus: number | null, hungUpBy: 'agent' | 'remote' | 'system') =>
    events.push({ ...base('end', seconds), type: 'ended', cause, sipStatus, hungUpBy });
  if (call.outcome === 'answered') {
    events.push({ ...base('answer', 4), type: 'answered' });
    end(4 + call.talkSeconds, 'hangup', null, 'agent');
    if (call.wrapUpSeconds !== null) events.push({ ...base('wrap', 4 + call.talkSeconds + call.wrapUpSeconds), type: 'wrapup', disposition: 'Reached', notes: null });
  } else if (call.outcome === 'abandoned') {
    end(40, 'heartbeat-timeout', null, 'system');
  } else {
    const sip = { 'no-answer': 480, busy: 486, declined: 603, cancelled: 487, failed: 503 }[call.outcome];
    end(25, call.outcome, sip, call.outcome === 'cancelled' ? 'agent' : 'remote');
  }
  return events;
}

/** What the dashboard must show for `calls`, worked out from the seed as the contract defines each figure. */
export function expected(calls: readonly SeededCall[]) {
  const n = (outcome: Outcome) => calls.filter((c) => c.outcome === outcome).length;
  const answered = calls.filter((c) => c.outcome === 'answered');
  const talk = answered.reduce((sum, c) => sum + c.talkSeconds, 0);
  const handle = answered.reduce((sum, c) => sum + c.talkSeconds + (c.wrapUpSeconds ?? 0), 0);
  const rate = (count: number) => `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format((count / calls.length) * 100)}%`;
  const perHour = Array.from({ length: 24 }, (_, h) => calls.filter((c) => new Date(c.startMs).getUTCHours() === h).length);
  const peak = perHour.indexOf(Math.max(...perHour));
  return {
    calls: String(calls.length),
    split: `${calls.filter((c) => c.direction === 'inbound').length} inbound · ${calls.filter((c) => c.direction === 'outbound').length} outbound`,
    answered: rate(answered.length),
    noAnswer: rate(n('no-answer')),
    busy: rate(n('busy')),
    failed: rate(n('failed')),
    talk: `${Math.floor(talk / 3600)}:${pad(Math.floor((talk % 3600) / 60))}:${pad(talk % 60)}`,
    aht: minutes(handle / answered.length),
    averageTalk: minutes(talk / answered.length),
    busiest: `Busiest hour: ${pad(peak)}:00-${pad(peak + 1)}:00`,
  };
}

function minutes(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
