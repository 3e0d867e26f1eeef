import type { WidgetPresence, WidgetRegistration } from '../store/store.js';

/**
 * How long a widget counts as present after its last report: two of the widget's 30 s intervals
 * (`PRESENCE_INTERVAL_MS` in widget/src/app/presence-reporter.ts) and a margin, so one lost report does not make a
 * widget vanish from the admin pages.
 */
export const PRESENCE_TTL_MS = 75_000;

/** Every registration state a widget reports, so metrics can show each one, zero included. */
export const WIDGET_REGISTRATIONS = ['registered', 'connecting', 'unregistered', 'failed'] as const satisfies readonly WidgetRegistration[];

/** One widget of an agent as the admin pages show it. */
export interface WidgetView {
  readonly widgetId: string;
  readonly registration: WidgetRegistration;
  readonly host: string;
  /** ISO-8601 UTC. */
  readonly lastSeenAt: string;
}

/** Whether an agent's softphone is up right now, from the widgets heard from within {@link PRESENCE_TTL_MS}. */
export interface PresenceView {
  /** Any of its widgets reports a SIP registration. */
  readonly registered: boolean;
  /** ISO-8601 UTC of its latest report; null when no widget was heard from within the TTL. */
  readonly lastSeenAt: string | null;
  readonly widgets: readonly WidgetView[];
}

export const NO_PRESENCE: PresenceView = Object.freeze({ registered: false, lastSeenAt: null, widgets: Object.freeze([]) });

/**
 * Each agent's presence from the reports heard within the TTL (`Store.presenceSince(now - PRESENCE_TTL_MS)`), so one
 * store read serves a whole list of agents. Agents missing from the map have {@link NO_PRESENCE}. Widgets are listed
 * most recently heard first.
 */
export function presenceByAgent(reports: readonly WidgetPresence[]): Map<string, PresenceView> {
  const byAgent = new Map<string, WidgetPresence[]>();
  for (const report of reports) {
    const list = byAgent.get(report.agentId);
    if (list) list.push(report);
    else byAgent.set(report.agentId, [report]);
  }
  const views = new Map<string, PresenceView>();
  for (const [agentId, list] of byAgent) {
    const sorted = [...list].sort((a, b) => b.at - a.at || a.widgetId.localeCompare(b.widgetId));
    views.set(agentId, {
      registered: sorted.some((w) => w.registration === 'registered'),
      lastSeenAt: new Date(sorted[0]!.at).toISOString(),
      widgets: sorted.map((w) => ({ widgetId: w.widgetId, registration: w.registration, host: w.host, lastSeenAt: new Date(w.at).toISOString() })),
    });
  }
  return views;
}

/** How many widgets heard from within the TTL report each registration state, every state present (zero included). */
export function countByRegistration(reports: readonly WidgetPresence[]): Record<WidgetRegistration, number> {
  const counts = Object.fromEntries(WIDGET_REGISTRATIONS.map((r) => [r, 0])) as Record<WidgetRegistration, number>;
  for (const report of reports) counts[report.registration] += 1;
  return counts;
}
