import type { Logger } from 'pino';
import type { CallLog } from '../crm/call-log.js';
import { callLogFromRecord } from '../domain/call-log-from-record.js';
import { foldCallEvents } from '../domain/fold-call-events.js';
import type { Store } from '../store/store.js';

/**
 * Folds the events of every call that received new ones into its record, and queues the log of each ended call for
 * the CRM. Rebuilding from all of a call's events, not patching the last record, is what makes duplicates and
 * out-of-order arrivals harmless. Returns how many calls were folded.
 */
export async function foldPendingCalls(deps: {
  store: Store;
  ownerCrmId: (agentId: string) => Promise<string | null>;
  now: () => number;
  logger?: Logger;
  batch?: number;
}): Promise<number> {
  let folded = 0;
  for (;;) {
    const pending = await deps.store.callsToFold(deps.batch ?? 500);
    if (pending.length === 0) return folded;
    for (const { callId, version } of pending) {
      let record;
      try {
        record = foldCallEvents(await deps.store.callEvents(callId));
      } catch (error) {
        // Events the API validated should always fold; if not, skip this version rather than block every other call.
        deps.logger?.error({ err: error, callId }, 'cannot fold the events of a call; skipping until its next event');
        record = null;
      }
      if (!record) {
        await deps.store.skipFold(callId, version);
        continue;
      }
      const owner = await deps.ownerCrmId(record.agentId);
      const log = asLeg(callLogFromRecord(record, owner), callId);
      if (!log && record.endedAt && record.direction === null) {
        // The widget reported the end of a call but never its start: log what is known where an admin sees it,
        // rather than wait forever. A `dialing`/`ringing` arriving later queues the complete log by itself.
        const partial = asLeg(callLogFromRecord({ ...record, direction: 'outbound', from: record.from ?? '', to: record.to ?? '' }, owner), callId);
        const deadReason = 'MISSING_START: the widget never reported how this call started (no dialing or ringing event); the direction and parties are unknown';
        await deps.store.saveFold({ callId, version, record, log: partial, now: deps.now(), deadReason });
        folded += 1;
        continue;
      }
      await deps.store.saveFold({ callId, version, record, log, now: deps.now() });
      folded += 1;
    }
  }
}

/** The CRM activity's external id is the leg, so each agent on a shared Call-ID gets an activity of its own. */
function asLeg(log: CallLog | null, leg: string): CallLog | null {
  return log && { ...log, callId: leg };
}
