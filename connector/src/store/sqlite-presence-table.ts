import type Database from 'better-sqlite3';
import { MAX_WIDGETS_PER_AGENT, toWidgetPresence, type PresenceRow } from './presence-row.js';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import type { WidgetPresence } from './store.js';

/** `widget_presence`: each widget's latest report of its SIP registration, one row per agent and widget. */
export class SqlitePresenceTable {
  private readonly statement: LazyStatements;

  constructor(private readonly db: Database.Database) {
    this.statement = lazyStatements(db);
  }

  /**
   * Replaces the agent's report of this widget, unless the stored one is newer (reports can cross on the network), then
   * forgets the agent's widgets beyond its {@link MAX_WIDGETS_PER_AGENT} most recently heard. Keyed by agent and
   * widget: when another agent signs in in the same widget, both rows stand until the first one's TTL runs out.
   */
  report(presence: WidgetPresence): void {
    this.db.transaction(() => {
      this.statement(
        `INSERT INTO widget_presence (agent_id, widget_id, registration, host, at) VALUES (@agentId, @widgetId, @registration, @host, @at)
         ON CONFLICT (agent_id, widget_id) DO UPDATE SET registration = excluded.registration, host = excluded.host, at = excluded.at
         WHERE excluded.at >= widget_presence.at`,
      ).run(presence);
      this.statement(
        `DELETE FROM widget_presence WHERE agent_id = @agentId AND widget_id NOT IN (
           SELECT widget_id FROM widget_presence WHERE agent_id = @agentId ORDER BY at DESC, widget_id DESC LIMIT @keep)`,
      ).run({ agentId: presence.agentId, keep: MAX_WIDGETS_PER_AGENT });
    })();
  }

  since(since: number): WidgetPresence[] {
    const rows = this.statement(
      'SELECT widget_id, agent_id, registration, host, at FROM widget_presence WHERE at >= ? ORDER BY agent_id, widget_id',
    ).all(since) as PresenceRow[];
    return rows.map(toWidgetPresence);
  }

  prune(before: number): number {
    return this.statement('DELETE FROM widget_presence WHERE at < ?').run(before).changes;
  }
}
