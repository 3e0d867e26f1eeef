import { toAuditEntry, type AuditRow } from './audit-row.js';
import { DIAL_WINDOWS } from './dial-windows.js';
import type { PgDatabase } from './pg-database.js';
import type { AuditEntry, DialCounts } from './store.js';

/**
 * The `audit_log` and `dial_attempts` tables in PostgreSQL: who changed what, what policy refused, and how much each
 * agent dials. Audit ids come from an identity column, so they increase in the order entries were written.
 */
export class PgAuditTable {
  constructor(private readonly db: PgDatabase) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db.query('INSERT INTO audit_log (at, actor, action, target, outcome, details) VALUES ($1, $2, $3, $4, $5, $6)', [
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      entry.outcome,
      JSON.stringify(entry.details),
    ]);
  }

  async list(limit: number, before?: number): Promise<AuditEntry[]> {
    const { rows } =
      before === undefined
        ? await this.db.query<AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [limit])
        : await this.db.query<AuditRow>('SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2', [before, limit]);
    return rows.map(toAuditEntry);
  }

  /** Records the dial and, in the same statement, forgets the agent's dials older than the longest window counted. */
  async recordDial(agentId: string, at: number): Promise<void> {
    await this.db.query(
      `WITH pruned AS (DELETE FROM dial_attempts WHERE agent_id = $1 AND at <= $3)
       INSERT INTO dial_attempts (agent_id, at) VALUES ($1, $2)`,
      [agentId, at, at - DIAL_WINDOWS.dayMs],
    );
  }

  async dialCounts(agentId: string, now: number): Promise<DialCounts> {
    const { rows } = await this.db.query<{ day: number; minute: number; open: number }>(
      `SELECT COUNT(*) AS day, COUNT(*) FILTER (WHERE at > $2) AS minute,
              (SELECT COUNT(*) FROM calls WHERE agent_id = $1 AND NOT ended) AS open
       FROM dial_attempts WHERE agent_id = $1 AND at > $3`,
      [agentId, now - DIAL_WINDOWS.minuteMs, now - DIAL_WINDOWS.dayMs],
    );
    const counts = rows[0]!;
    return { lastMinute: counts.minute, lastDay: counts.day, inProgress: counts.open };
  }
}
