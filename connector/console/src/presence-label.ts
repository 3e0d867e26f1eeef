import type { AgentPresence } from './api-types.js';
import { ago, plural } from './format.js';

/** How an agent's widgets stand right now: `on` (registered), `off` (a widget is open, not registered), `none` (no widget open). */
export interface PresenceLabel {
  readonly state: 'on' | 'off' | 'none';
  readonly text: string;
}

/**
 * What the agents table says in "Registered now": `Registered (2 widgets)`, `Not registered, last seen 1 min ago` (a
 * widget reports, but no registration), `Not registered, no widget open`. The API lists only widgets heard from within
 * its presence TTL (75 s), so "no widget open" covers both an agent never seen and one whose widgets closed a while
 * ago. The text carries the meaning; the coloured dot beside it only repeats it.
 */
export function presenceLabel(presence: AgentPresence | undefined, now: number = Date.now()): PresenceLabel {
  if (!presence) return { state: 'none', text: 'Unknown' };
  if (presence.registered) {
    const registered = presence.widgets.filter((w) => w.registration === 'registered').length;
    return { state: 'on', text: `Registered (${plural(Math.max(1, registered), 'widget')})` };
  }
  if (presence.lastSeenAt === null) return { state: 'none', text: 'Not registered, no widget open' };
  return { state: 'off', text: `Not registered, last seen ${ago(presence.lastSeenAt, now)}` };
}
