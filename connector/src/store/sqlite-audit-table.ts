import type Database from 'better-sqlite3';
import type { AuditEntry, DialCounts } from './store.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'refused';
  details: string;
}

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
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      outcome: row.outcome,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  }

  recordDial(agentId: string, at: number): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO dial_attempts (agent_id, at) VALUES (?, ?)').run(agentId, at);
      // Older than the longest window counted: never read again.
      this.db.prepare('DELETE FROM dial_attempts WHERE agent_id = ? AND at <= ?').run(agentId, at - DAY_MS);
    })();
  }

  dialCounts(agentId: string, now: number): DialCounts {
    const dials = this.db
      .prepare('SELECT COUNT(*) AS day, COALESCE(SUM(at > ?), 0) AS minute FROM dial_attempts WHERE agent_id = ? AND at > ?')
      .get(now - MINUTE_MS, agentId, now - DAY_MS) as { day: number; minute: number };
    const open = this.db.prepare('SELECT COUNT(*) AS n FROM calls WHERE agent_id = ? AND ended = 0').get(agentId) as { n: number };
    return { lastMinute: dials.minute, lastDay: dials.day, inProgress: open.n };
  }
}
