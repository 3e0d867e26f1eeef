import { PG_LOCK_CLASS, type PgDatabase } from './pg-database.js';
import { MAX_WIDGETS_PER_AGENT, toWidgetPresence, type PresenceRow } from './presence-row.js';
import type { WidgetPresence } from './store.js';

/** `widget_presence` in PostgreSQL: each widget's latest report of its SIP registration, one row per agent and widget. */
export class PgPresenceTable {
  constructor(private readonly db: PgDatabase) {}

  /**
   * Replaces the agent's report of this widget, unless the stored one is newer (reports can cross on the network), then
   * forgets the agent's widgets beyond its {@link MAX_WIDGETS_PER_AGENT} most recently heard. One transaction per
   * report, holding the agent's presence lock: reports of one agent to several instances at once are capped one after
   * the other, so none of them sees a count that misses another's new widget.
   */
  async report(presence: WidgetPresence): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PG_LOCK_CLASS.presence, presence.agentId]);
      await tx.query(
        `INSERT INTO widget_presence (agent_id, widget_id, registration, host, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (agent_id, widget_id) DO UPDATE SET registration = excluded.registration, host = excluded.host, at = excluded.at
         WHERE excluded.at >= widget_presence.at`,
        [presence.agentId, presence.widgetId, presence.registration, presence.host, presence.at],
      );
      await tx.query(
        `DELETE FROM widget_presence WHERE agent_id = $1 AND widget_id NOT IN (
           SELECT widget_id FROM widget_presence WHERE agent_id = $1 ORDER BY at DESC, widget_id COLLATE "C" DESC LIMIT $2)`,
        [presence.agentId, MAX_WIDGETS_PER_AGENT],
      );
    });
  }

  /** By agent then widget, in code-point order (as SQLite sorts), whatever the database's collation. */
  async since(since: number): Promise<WidgetPresence[]> {
    const { rows } = await this.db.query<PresenceRow>(
      `SELECT widget_id, agent_id, registration, host, at FROM widget_presence WHERE at >= $1
       ORDER BY agent_id COLLATE "C", widget_id COLLATE "C"`,
      [since],
    );
    return rows.map(toWidgetPresence);
  }

  async prune(before: number): Promise<number> {
    return (await this.db.query('DELETE FROM widget_presence WHERE at < $1', [before])).rowCount;
  }
}
