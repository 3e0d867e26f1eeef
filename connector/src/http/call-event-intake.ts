import type { z } from 'zod';
import type { CallEvent } from '../domain/call-event.js';
import type { Agent, Store } from '../store/store.js';
import type { callEventsBody } from './call-event-schemas.js';

export interface CallEventIntakeDeps {
  readonly store: Store;
  readonly onEnded: (calls: number) => void;
  readonly now?: () => number;
}

/**
 * Stores validated events as `agent`'s and answers what the API returns. Resolves only once they are committed, so
 * both the JSON route and the beacon answer 202 only for events a crash cannot lose.
 */
export async function takeCallEvents(
  deps: CallEventIntakeDeps,
  agent: Agent,
  events: z.output<typeof callEventsBody>['events'],
): Promise<{ accepted: number; duplicates: number }> {
  // Stored under this agent's leg of each call: nobody can add events to another agent's call.
  const owned = events.map((e) => ({ ...e, agentId: agent.id }) as CallEvent);
  const { inserted, duplicates } = await deps.store.appendCallEvents(owned, (deps.now ?? Date.now)());
  deps.onEnded(owned.filter((e) => e.type === 'ended').length);
  return { accepted: inserted, duplicates };
}
