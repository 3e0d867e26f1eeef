import type { CallEventType } from './call-event.js';
import type { CallState } from './call-record.js';

/**
 * The call lifecycle: which event moves a call from which state to which.
 *
 *                  dialing ──ringing──> ringing
 *                     │                    │
 *                     └─────answered───────┴──> talking ──held──> held
 *                                                  ^                │
 *                                                  └────resumed─────┘
 *
 *   dialing, ringing, talking, held ──ended──> ended ──wrapup──> wrapped-up ──┐
 *                                                                    ^        │ wrapup (a correction)
 *                                                                    └────────┘
 *
 *   transferred keeps ringing (deflected before answer), talking or held; the call ends with its own `ended`.
 *
 * A pair this table does not list is ignored: the state stays what it was. That is how late, early and repeated
 * events are absorbed (`answered` after `ended`, `held` before answer, a second `dialing`). `heartbeat` is listed
 * nowhere: it never moves a call. Ignoring an event for the state does not mean dropping its data; what the fold keeps
 * from it is `foldCallEvents`' business.
 */
export const CALL_TRANSITIONS: Readonly<Record<CallState, Readonly<Partial<Record<CallEventType, CallState>>>>> =
  Object.freeze({
    dialing: Object.freeze({ ringing: 'ringing', answered: 'talking', ended: 'ended' }),
    ringing: Object.freeze({ answered: 'talking', transferred: 'ringing', ended: 'ended' }),
    talking: Object.freeze({ held: 'held', transferred: 'talking', ended: 'ended' }),
    held: Object.freeze({ resumed: 'talking', transferred: 'held', ended: 'ended' }),
    ended: Object.freeze({ wrapup: 'wrapped-up' }),
    'wrapped-up': Object.freeze({ wrapup: 'wrapped-up' }),
  });

/**
 * The state a call is in after its first event (state `null`). Events arrive out of order and may be lost, so any
 * event can come first: `dialing`, `ringing`, `answered` and `ended` say where the call is; any other event only says
 * that the call exists, and puts it at the start of the lifecycle (`dialing`), from where later events move it on.
 */
export const CALL_ENTRY_STATES: Readonly<Record<CallEventType, CallState>> = Object.freeze({
  dialing: 'dialing',
  ringing: 'ringing',
  answered: 'talking',
  held: 'dialing',
  resumed: 'dialing',
  transferred: 'dialing',
  ended: 'ended',
  wrapup: 'dialing',
  heartbeat: 'dialing',
});

/** Every call state, in lifecycle order. */
export const CALL_STATES: readonly CallState[] = Object.freeze(Object.keys(CALL_TRANSITIONS) as CallState[]);

/**
 * The one transition function of the call lifecycle: the state after `event` in `state` (`null` before the first
 * event). Pure and total: it MUST NOT throw, and returns `state` unchanged for an event the state does not accept.
 */
export function nextCallState(state: CallState | null, event: CallEventType): CallState {
  if (state === null) {
    return CALL_ENTRY_STATES[event] ?? 'dialing';
  }
  return CALL_TRANSITIONS[state]?.[event] ?? state;
}
