import type { CallLog, CallLogOutcome } from './call-log.js';

const INVALID_START = { code: 'INVALID_CALL_LOG', message: 'startedAt is not a date' } as const;

/**
 * The logs of one upsert batch that are worth sending, before any request. Promises: logs sharing a Call-ID appear
 * once (the last one wins, in the place of the first) and share its outcome; a log whose `startedAt` is not a date is
 * not sendable and already has its outcome in `outcomes` (`rejected`, `INVALID_CALL_LOG`), since no CRM could file it.
 * The adapter adds the outcome of every sendable log to `outcomes`.
 */
export function sendableCallLogs(logs: readonly CallLog[]): {
  readonly sendable: CallLog[];
  readonly outcomes: Map<string, CallLogOutcome>;
} {
  const byCallId = new Map<string, CallLog>();
  for (const log of logs) byCallId.set(log.callId, log);
  const outcomes = new Map<string, CallLogOutcome>();
  const sendable: CallLog[] = [];
  for (const log of byCallId.values()) {
    if (!Number.isNaN(Date.parse(log.startedAt))) sendable.push(log);
    else outcomes.set(log.callId, { callId: log.callId, outcome: 'rejected', error: { ...INVALID_START } });
  }
  return { sendable, outcomes };
}
