import type Database from 'better-sqlite3';
import { toAuditEntry, type AuditRow } from './audit-row.js';
import { DIAL_WINDOWS } from './dial-windows.js';
import type { AuditEntry, DialCounts } from './store.js';

/** The `audit_log` and `dial_attempts` tables: who changed what, what policy refused, and how much each agent dials. */
export class SqliteAuditTable {
  constructor(private readonly db: Database.Database) {}

  append(entry: AuditEntry): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, action, target, outcome, details) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.actor, entry.action, entry.target, entry.outcome, JSON.stringify(entry.details));
  }

  list(limit: number, before?: number): AuditEntry[] {
    const rows = (
      before === undefined
        ? this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?').all(before, limit)
    ) as AuditRow[];
    return rows.map(toAuditEntry);
  }

  recordDial(agentId: string, at: number): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO dial_attempts (agent_id, at) VALUES (?, ?)').run(agentId, at);
      // Older than the longest window counted: never read again.
      this.db.prepare('DELETE FROM dial_attempts WHERE agent_id = ? AND at <= ?').run(agentId, at - DIAL_WINDOWS.dayMs);
    })();
  }

  dialCounts(agentId: string, now: number): DialCounts {
    const dials = this.db
      .prepare('SELECT COUNT(*) AS day, COALESCE(SUM(at > ?), 0) AS minute FROM dial_attempts WHERE agent_id = ? AND at > ?')
      .get(now - DIAL_WINDOWS.minuteMs, agentId, now - DIAL_WINDOWS.dayMs) as { day: number; minute: number };
    const open = this.db.prepare('SELECT COUNT(*) AS n FROM calls WHERE agent_id = ? AND ended = 0').get(agentId) as { n: number };
    return { lastMinute: dials.minute, lastDay: dials.day, inProgress: open.n };
  }
}
