import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CallLog } from '../call-log.js';
import type { CrmObjectType, CrmRecord } from '../crm-record.js';
import { DEMO_SEED } from './demo-seed.js';

/** An activity on a demo record's timeline, newest first when listed. */
export interface DemoActivity {
  readonly id: string;
  readonly recordId: string;
  readonly subject: string;
  readonly direction: 'inbound' | 'outbound';
  readonly result: string;
  readonly durationSeconds: number;
  readonly disposition: string | null;
  readonly notes: string | null;
  readonly occurredAt: string;
}

interface RecordRow {
  id: string;
  object_type: CrmObjectType;
  name: string;
  company: string | null;
  country: string | null;
  do_not_call: number;
  phones: string;
}

/**
 * The embedded CRM of the quick start: its own SQLite file, apart from the connector's store, because it stands in
 * for a CRM that lives elsewhere. Seeded with `DEMO_SEED` the first time it is opened.
 */
export class DemoCrmDb {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): DemoCrmDb {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec(`
      CREATE TABLE IF NOT EXISTS records (
        id          TEXT PRIMARY KEY,
        object_type TEXT NOT NULL CHECK (object_type IN ('Contact', 'Lead', 'Account')),
        name        TEXT NOT NULL,
        company     TEXT,
        country     TEXT,
        do_not_call INTEGER NOT NULL DEFAULT 0,
        phones      TEXT NOT NULL DEFAULT '[]'
      ) STRICT;
      CREATE TABLE IF NOT EXISTS activities (
        id               TEXT PRIMARY KEY,
        record_id        TEXT REFERENCES records(id),
        subject          TEXT NOT NULL,
        direction        TEXT NOT NULL,
        result           TEXT NOT NULL,
        duration_seconds INTEGER NOT NULL,
        disposition      TEXT,
        notes            TEXT,
        occurred_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS activities_by_record ON activities (record_id, occurred_at DESC);`);
    const crm = new DemoCrmDb(db);
    crm.seedIfEmpty();
    return crm;
  }

  private seedIfEmpty(): void {
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number };
    if (n > 0) return;
    const insert = this.db.prepare(
      'INSERT INTO records (id, object_type, name, company, country, do_not_call, phones) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const r of DEMO_SEED) {
        insert.run(r.id, r.objectType, r.name, r.company, r.country, r.doNotCall ? 1 : 0, JSON.stringify(r.phones));
      }
    })();
  }

  getRecord(objectType: CrmObjectType, id: string): CrmRecord | null {
    const row = this.db.prepare('SELECT * FROM records WHERE id = ? AND object_type = ?').get(id, objectType) as
      | RecordRow
      | undefined;
    return row ? toRecord(row) : null;
  }

  /** Records whose name or company contains `query` (case-insensitive), optionally of one type, by name. */
  listRecords(args: { query?: string; objectType?: CrmObjectType }): CrmRecord[] {
    const like = `%${(args.query ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.db
      .prepare(
        `SELECT * FROM records
          WHERE (name LIKE ? ESCAPE '\\' OR COALESCE(company, '') LIKE ? ESCAPE '\\')
            AND (? IS NULL OR object_type = ?)
          ORDER BY object_type, name`,
      )
      .all(like, like, args.objectType ?? null, args.objectType ?? null) as RecordRow[];
    return rows.map(toRecord);
  }

  allRecords(): CrmRecord[] {
    return (this.db.prepare('SELECT * FROM records').all() as RecordRow[]).map(toRecord);
  }

  listActivities(recordId: string): DemoActivity[] {
    const rows = this.db
      .prepare('SELECT * FROM activities WHERE record_id = ? ORDER BY occurred_at DESC, id DESC')
      .all(recordId) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: String(r.id),
      recordId: String(r.record_id),
      subject: String(r.subject),
      direction: r.direction === 'inbound' ? 'inbound' : 'outbound',
      result: String(r.result),
      durationSeconds: Number(r.duration_seconds),
      disposition: (r.disposition as string | null) ?? null,
      notes: (r.notes as string | null) ?? null,
      occurredAt: String(r.occurred_at),
    }));
  }

  /**
   * Creates or replaces the activity of one call, keyed by its Call-ID as a real CRM's external id would be.
   * Returns false when the log names a record the demo CRM does not hold (a real CRM rejects that item too).
   */
  upsertActivity(log: CallLog): boolean {
    if (log.record && !this.getRecord(log.record.objectType, log.record.id)) return false;
    this.db
      .prepare(
        `INSERT INTO activities (id, record_id, subject, direction, result, duration_seconds, disposition, notes, occurred_at)
         VALUES (@id, @recordId, @subject, @direction, @result, @duration, @disposition, @notes, @occurredAt)
         ON CONFLICT (id) DO UPDATE SET record_id = excluded.record_id, subject = excluded.subject,
           direction = excluded.direction, result = excluded.result, duration_seconds = excluded.duration_seconds,
           disposition = excluded.disposition, notes = excluded.notes, occurred_at = excluded.occurred_at`,
      )
      .run({
        id: log.callId,
        recordId: log.record?.id ?? null,
        subject: log.subject,
        direction: log.direction,
        result: log.result,
        duration: log.durationSeconds,
        disposition: log.disposition,
        notes: log.notes,
        occurredAt: log.startedAt,
      });
    return true;
  }

  ping(): void {
    this.db.prepare('SELECT 1').get();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toRecord(row: RecordRow): CrmRecord {
  const phones = (JSON.parse(row.phones) as CrmRecord['phones']).filter((p) => p.value.trim() !== '');
  return {
    id: row.id,
    objectType: row.object_type,
    name: row.name,
    company: row.company,
    country: row.country,
    doNotCall: row.do_not_call === 1,
    phones,
  };
}
