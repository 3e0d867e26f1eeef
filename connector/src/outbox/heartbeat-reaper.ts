import type { CallEvent } from '../domain/call-event.js';
import type { Store } from '../store/store.js';

/**
 * Ends calls whose widget stopped reporting (closed tab, crash, lost network) so no ghost call stays open: an `ended`
 * event with cause `heartbeat-timeout`, dated at the call's last sign of life. Its id is derived from the call, so
 * running the sweep twice, or on several instances, ends a call once. Returns how many calls it ended.
 */
export async function endSilentCalls(deps: { store: Store; now: () => number; timeoutMs: number }): Promise<number> {
  const now = deps.now();
  const silent = await deps.store.staleOpenCalls(now - deps.timeoutMs, 500);
  const endings: CallEvent[] = [];
  for (const { callId: leg, agentId } of silent) {
    const events = await deps.store.callEvents(leg);
    const callId = events[0]?.callId;
    if (callId === undefined || events.some((e) => e.type === 'ended')) continue;
    const lastSignOfLife = events.map((e) => e.occurredAt).sort().at(-1) ?? new Date(now).toISOString();
    endings.push({
      eventId: `heartbeat-timeout:${callId}`,
      callId,
      agentId,
      type: 'ended',
      occurredAt: lastSignOfLife,
      cause: 'heartbeat-timeout',
      sipStatus: null,
      hungUpBy: 'system',
    });
  }
  if (endings.length > 0) await deps.store.appendCallEvents(endings, now);
  return endings.length;
}
