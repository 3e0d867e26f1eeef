import type { CallEvent } from './call-event.js';

/**
 * Whether a call's log should wait for the agent's wrap-up: the widget said at the end that it showed the agent a
 * wrap-up form (`ended` with `wrapUp`), and no `wrapup` has arrived yet (saved or skipped). Logging the call once,
 * with its notes, takes one CRM write where logging it at the end and again at the wrap-up takes two. A function of
 * the set of events, so order and duplicates do not matter.
 */
export function awaitsWrapUp(events: readonly CallEvent[]): boolean {
  return events.some((event) => event.type === 'ended' && event.wrapUp === true) && !events.some((event) => event.type === 'wrapup');
}
