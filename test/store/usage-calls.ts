import type { CallEvent, EndCause } from '../../connector/src/domain/call-event.js';
import { foldCallEvents } from '../../connector/src/domain/fold-call-events.js';
import { callLogFromRecord } from '../../connector/src/domain/call-log-from-record.js';
import type { Store } from '../../connector/src/store/store.js';

/** How a test call goes; times are ms since epoch, spans ms. */
export interface CallPlan {
  readonly agentId: string;
  readonly callId: string;
  readonly startMs: number;
  readonly direction: 'inbound' | 'outbound';
  /** Ms from start to answer; null: never answered. */
  readonly answerAfterMs: number | null;
  /** Ms from start (or answer) to the end; null: the call has not ended. */
  readonly endAfterMs: number | null;
  /** How an unanswered call ended (an answered one is hung up). */
  readonly cause?: Exclude<EndCause, 'hangup'>;
  readonly sipStatus?: number | null;
  /** Ms on hold, from 1 s after answer. */
  readonly holdMs?: number;
  /** Ms from the end to each wrap-up saved (a later one corrects the earlier); negative: saved during the call. */
  readonly wrapUpsAfterEndMs?: readonly number[];
}

/** The events a widget would report for the plan. */
export function callEvents(plan: CallPlan): CallEvent[] {
  const base = { callId: plan.callId, agentId: plan.agentId };
  let n = 0;
  const event = (offset: number) => ({ ...base, eventId: `${plan.callId}-${++n}`, occurredAt: new Date(plan.startMs + offset).toISOString() });
  const events: CallEvent[] = [
    plan.direction === 'outbound'
      ? { ...event(0), type: 'dialing', direction: 'outbound', from: `sip:${plan.agentId}@pbx.test`, to: '+442079460958', record: { objectType: 'Contact', id: `C-${plan.callId}` } }
      : { ...event(0), type: 'ringing', direction: 'inbound', from: '+14155552671', to: `sip:${plan.agentId}@pbx.test`, record: null },
  ];
  if (plan.answerAfterMs !== null) {
    events.push({ ...event(plan.answerAfterMs), type: 'answered' });
    if (plan.holdMs) {
      events.push({ ...event(plan.answerAfterMs + 1000), type: 'held' });
      events.push({ ...event(plan.answerAfterMs + 1000 + plan.holdMs), type: 'resumed' });
    }
  }
  if (plan.endAfterMs !== null) {
    const endAt = (plan.answerAfterMs ?? 0) + (plan.holdMs ? 1000 + plan.holdMs : 0) + plan.endAfterMs;
    events.push(
      plan.answerAfterMs === null
        ? { ...event(endAt), type: 'ended', cause: plan.cause ?? 'no-answer', sipStatus: plan.sipStatus ?? null, hungUpBy: null }
        : { ...event(endAt), type: 'ended', cause: 'hangup', sipStatus: plan.sipStatus ?? 200, hungUpBy: 'remote' },
    );
    for (const [i, after] of (plan.wrapUpsAfterEndMs ?? []).entries()) {
      events.push({ ...event(endAt + after), type: 'wrapup', disposition: `D${i}`, notes: `notes ${i} of ${plan.callId}` });
    }
  }
  return events;
}

/** Folds every call with events not folded yet, as the fold worker does. */
export async function foldAll(store: Store, now: number): Promise<void> {
  for (;;) {
    const due = await store.claimCallsToFold({ now, limit: 500, leaseMs: 60_000 });
    if (due.length === 0) return;
    for (const { callId, version } of due) {
      const record = foldCallEvents(await store.callEvents(callId));
      if (!record) throw new Error(`nothing to fold for ${callId}`);
      await store.saveFold({ callId, version, record, log: callLogFromRecord(record, null), now });
    }
  }
}
