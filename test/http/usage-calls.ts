import type { CallEvent, CallRecordRef } from '../../connector/src/domain/call-event.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
import type { Store } from '../../connector/src/store/store.js';

/** One call as a test describes it; the events a widget would report for it are made from this. */
export interface SeedCall {
  readonly agentId: string;
  readonly callId: string;
  /** ISO-8601: when the call was dialled (outbound) or rang (inbound). */
  readonly start: string;
  readonly direction?: 'inbound' | 'outbound';
  /** How it ended: `answered` (hung up after talking), or why it was never answered. */
  readonly result?: 'answered' | 'busy' | 'no-answer' | 'failed' | 'declined' | 'cancelled';
  /** Ringing before the answer (or before giving up), seconds. */
  readonly ringSeconds?: number;
  /** Talk time of an answered call, seconds. */
  readonly talkSeconds?: number;
  /** Seconds after the end when the agent saved the wrap-up; none when left out. */
  readonly wrapUpAfterSeconds?: number;
  readonly disposition?: string | null;
  readonly notes?: string | null;
  readonly from?: string;
  readonly to?: string;
  readonly record?: CallRecordRef | null;
}

let eventCounter = 0;

/** The events a widget reports for `call`, in order. */
export function seedCallEvents(call: SeedCall): CallEvent[] {
  const start = Date.parse(call.start);
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const base = (seconds: number) => ({ eventId: `usage-evt-${++eventCounter}`, callId: call.callId, agentId: call.agentId, occurredAt: at(seconds) });
  const direction = call.direction ?? 'outbound';
  const result = call.result ?? 'answered';
  const ring = call.ringSeconds ?? 5;
  const events: CallEvent[] = [
    {
      ...base(0),
      type: direction === 'outbound' ? 'dialing' : 'ringing',
      direction,
      from: call.from ?? (direction === 'outbound' ? `sip:${call.agentId}@pbx.example.test` : '+14155550100'),
      to: call.to ?? (direction === 'outbound' ? '+14155552671' : `sip:${call.agentId}@pbx.example.test`),
      record: call.record === undefined ? { objectType: 'Contact', id: 'CON-0001' } : call.record,
    },
  ];
  let end = ring;
  if (result === 'answered') {
    events.push({ ...base(ring), type: 'answered' });
    end = ring + (call.talkSeconds ?? 60);
    events.push({ ...base(end), type: 'ended', cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });
  } else {
    const sipStatus = { busy: 486, 'no-answer': 480, failed: 503, declined: 603, cancelled: 487 }[result];
    events.push({ ...base(end), type: 'ended', cause: result, sipStatus, hungUpBy: result === 'cancelled' ? 'agent' : 'remote' });
  }
  if (call.wrapUpAfterSeconds !== undefined) {
    events.push({ ...base(end + call.wrapUpAfterSeconds), type: 'wrapup', disposition: call.disposition ?? null, notes: call.notes ?? null });
  }
  return events;
}

/**
 * Stores the calls' events as the call event API would and folds them as the outbox does, so the store's usage
 * rollups are filled by the real fold path.
 */
export async function seedCalls(store: Store, calls: readonly SeedCall[], receivedAt = Date.now()): Promise<void> {
  const events = calls.flatMap(seedCallEvents);
  for (let i = 0; i < events.length; i += 500) await store.appendCallEvents(events.slice(i, i + 500), receivedAt);
  await foldPendingCalls({ store, ownerCrmId: async () => null, now: () => receivedAt });
}
