import type { CallDirection, CallEvent, CallRecordRef, EndCause } from '../../../connector/src/domain/call-event.js';

/** Test events for one call: `callId`, `agentId` fixed, times given in seconds after {@link T0}. */
export const CALL_ID = 'a84b4c76e66710@pbx.example.com';
export const AGENT_ID = 'agent-7';
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/** The ISO time `seconds` after {@link T0}. */
export function at(seconds: number): string {
  return new Date(T0 + Math.round(seconds * 1000)).toISOString();
}

type Base = { eventId?: string; callId?: string; agentId?: string };

function base(type: CallEvent['type'], seconds: number, over: Base) {
  return {
    eventId: over.eventId ?? `${type}@${seconds}`,
    callId: over.callId ?? CALL_ID,
    agentId: over.agentId ?? AGENT_ID,
    occurredAt: at(seconds),
  };
}

export function dialing(
  seconds: number,
  over: Base & { direction?: CallDirection; from?: string; to?: string; record?: CallRecordRef | null } = {},
): CallEvent {
  return {
    ...base('dialing', seconds, over),
    type: 'dialing',
    direction: over.direction ?? 'outbound',
    from: over.from ?? 'sip:agent-7@pbx.example.com',
    to: over.to ?? '+14155552671',
    record: over.record ?? null,
  };
}

export function ringing(
  seconds: number,
  over: Base & { direction?: CallDirection; from?: string; to?: string; record?: CallRecordRef | null } = {},
): CallEvent {
  return {
    ...base('ringing', seconds, over),
    type: 'ringing',
    direction: over.direction ?? 'outbound',
    from: over.from ?? 'sip:agent-7@pbx.example.com',
    to: over.to ?? '+14155552671',
    record: over.record ?? null,
  };
}

export function simple(type: 'answered' | 'held' | 'resumed' | 'heartbeat', seconds: number, over: Base = {}): CallEvent {
  return { ...base(type, seconds, over), type };
}

export const answered = (s: number, over: Base = {}): CallEvent => simple('answered', s, over);
export const held = (s: number, over: Base = {}): CallEvent => simple('held', s, over);
export const resumed = (s: number, over: Base = {}): CallEvent => simple('resumed', s, over);
export const heartbeat = (s: number, over: Base = {}): CallEvent => simple('heartbeat', s, over);

export function transferred(seconds: number, target: string, over: Base = {}): CallEvent {
  return { ...base('transferred', seconds, over), type: 'transferred', target, mode: 'blind' };
}

export function ended(
  seconds: number,
  cause: EndCause,
  over: Base & { sipStatus?: number | null; hungUpBy?: 'agent' | 'remote' | 'system' | null } = {},
): CallEvent {
  return {
    ...base('ended', seconds, over),
    type: 'ended',
    cause,
    sipStatus: over.sipStatus ?? null,
    hungUpBy: over.hungUpBy ?? null,
  };
}

export function wrapup(seconds: number, disposition: string | null, notes: string | null, over: Base = {}): CallEvent {
  return { ...base('wrapup', seconds, over), type: 'wrapup', disposition, notes };
}
