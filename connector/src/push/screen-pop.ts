import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.js';
import type { NumberService } from '../services/number-service.js';
import { MAX_PUSH_PAYLOAD_BYTES, type AgentPushMessage, type ScreenPopMatch } from './agent-push.js';
import type { PushPublisher } from './push-publisher.js';

/** A screen pop names this many records at most: the widget pops one, and lists a few when the number is shared. */
export const SCREEN_POP_MATCHES = 5;
/** Record names are cut to this many characters, so five of them always fit a push. */
const NAME_LENGTH = 200;
/** A call reported ringing longer ago than this (a queue of events sent late) is over or answered: no pop. */
export const SCREEN_POP_MAX_AGE_MS = 30_000;
/** One request pops this many calls at most, one lookup after the other: a batch of events never floods the CRM. */
export const SCREEN_POPS_PER_REQUEST = 3;
/** A call popped this recently is not popped again (the widget's retry of a batch holding its ringing event). */
const POPPED_MEMORY_MS = 2 * SCREEN_POP_MAX_AGE_MS;
const POPPED_MEMORY_SIZE = 1000;

type ScreenPop = Extract<AgentPushMessage, { type: 'screen-pop' }>;

/** The parts of a call event a screen pop needs. */
export interface RingingEvent {
  readonly type: string;
  readonly callId: string;
  /** ISO 8601, as the widget reported it. */
  readonly occurredAt: string;
  readonly direction?: 'inbound' | 'outbound';
  readonly from?: string;
}

/**
 * Pops the caller of each inbound call reported ringing in every widget of the agent: the caller's number is looked up
 * in the CRM as `GET /api/v1/lookup` does, and a `screen-pop` with the first matches is published to the agent. Runs
 * after the events were accepted and answered; it never throws: a lookup or publish that fails is logged and the
 * widget's own lookup still pops the record.
 *
 * Only calls that may still ring are popped: reported ringing within {@link SCREEN_POP_MAX_AGE_MS} of now, and not
 * popped by this instance in the last minute; at most {@link SCREEN_POPS_PER_REQUEST} per request, looked up one at a
 * time.
 */
export function screenPopper(deps: { readonly numbers: NumberService; readonly publish: PushPublisher; readonly logger: Logger; readonly now?: () => number }) {
  const now = deps.now ?? Date.now;
  const popped = new Map<string, number>();

  const firstPop = (agentId: string, callId: string, at: number): boolean => {
    for (const [key, until] of popped) {
      if (until > at && popped.size < POPPED_MEMORY_SIZE) break;
      popped.delete(key);
    }
    const key = `${agentId}\n${callId}`;
    if (popped.has(key)) return false;
    popped.set(key, at + POPPED_MEMORY_MS);
    return true;
  };

  return async (agentId: string, events: readonly RingingEvent[]): Promise<void> => {
    const at = now();
    const ringing: RingingEvent[] = [];
    for (const e of events) {
      if (ringing.length === SCREEN_POPS_PER_REQUEST) break;
      const fresh = Math.abs(at - Date.parse(e.occurredAt)) <= SCREEN_POP_MAX_AGE_MS;
      if (e.type === 'ringing' && e.direction === 'inbound' && e.from && fresh && firstPop(agentId, e.callId, at)) ringing.push(e);
    }
    for (const event of ringing) {
      let message: ScreenPop;
      try {
        const { target, matches } = await deps.numbers.lookup(event.from!);
        message = fitted(agentId, {
          type: 'screen-pop',
          callId: event.callId,
          number: target.display,
          matches: matches.slice(0, SCREEN_POP_MATCHES).map(({ record }): ScreenPopMatch => ({
            objectType: record.objectType,
            id: record.id,
            name: record.name.slice(0, NAME_LENGTH),
          })),
        });
      } catch (error) {
        // A caller that is no phone number (`anonymous`, a SIP name) has nothing to look up: no news.
        const unusable = error instanceof AppError && error.code === 'NUMBER_UNUSABLE';
        deps.logger[unusable ? 'debug' : 'warn']({ err: error, agentId }, 'no screen pop: the caller was not looked up');
        continue;
      }
      await deps.publish(agentId, message);
    }
  };
}

/** The pop with its last matches dropped until the push to `agentId` fits (names are cut already; ids and the number may be long). */
function fitted(agentId: string, pop: ScreenPop): ScreenPop {
  let matches = pop.matches;
  while (matches.length > 0 && Buffer.byteLength(JSON.stringify({ to: agentId, message: { ...pop, matches } })) > MAX_PUSH_PAYLOAD_BYTES) {
    matches = matches.slice(0, -1);
  }
  return { ...pop, matches };
}
