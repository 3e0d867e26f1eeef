import type { WidgetPresence, WidgetRegistration } from './store.js';

/**
 * The most widgets a store keeps per agent: more than any agent opens tabs, few enough that a script posting ids
 * cannot grow the table.
 */
export const MAX_WIDGETS_PER_AGENT = 20;

/** A `widget_presence` row as either store reads it. */
export interface PresenceRow {
  widget_id: string;
  agent_id: string;
  registration: WidgetRegistration;
  host: string;
  at: number;
}

/** The widget's report a row holds. */
export function toWidgetPresence(row: PresenceRow): WidgetPresence {
  return { agentId: row.agent_id, widgetId: row.widget_id, registration: row.registration, host: row.host, at: row.at };
}
