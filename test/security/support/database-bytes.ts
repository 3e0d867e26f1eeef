import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** The raw bytes a copy of the database would hold: the file and, while it is open in WAL mode, its `-wal`. */
export function databaseBytes(file: string): { bytes: Buffer; files: string[] } {
  const files = [file, `${file}-wal`, `${file}-journal`].filter((candidate) => existsSync(candidate));
  return { bytes: Buffer.concat(files.map((candidate) => readFileSync(candidate))), files };
}

/** Whether `bytes` hold `text`, as UTF-8 or as UTF-16 (SQLite's other text encodings). */
export function holdsText(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le')) || bytes.includes(Buffer.from(text, 'utf16le').swap16());
}

/** Every row of every table of the database, one JSON line each, read through a separate read-only connection. */
export function tableRows(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((row) => `${name} ${JSON.stringify(row)}`));
  } finally {
    db.close();
  }
}

/** Rewrites the database file without its free pages (`VACUUM`), after folding the WAL into it. */
export function vacuum(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
