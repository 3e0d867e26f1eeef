import path from 'node:path';
import type { MigrationEvent } from './migration-event.js';
import type { NewerSchema } from './pg-migrate.js';
import { PgStore } from './pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** What a shared (PostgreSQL) store reports for the log once open, beyond its migrations; SQLite has none of these. */
export interface StoreWarnings {
  /** The schema was migrated by a newer connector (a rolling upgrade): this one runs on it anyway. */
  readonly onNewerSchema?: (versions: NewerSchema) => void;
  /** A pooled connection broke (server restart, failover) and is replaced; log its `code`, never the URL. */
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * The store the configuration asks for: PostgreSQL at `databaseUrl` (shared by every instance, in `databaseSchema`),
 * with `databasePoolSize` connections,
 * else the embedded SQLite file in `dataDir`. Either is migrated before it is returned; `onMigration` hears of each
 * migration, which on a large store can take minutes before the connector listens.
 */
export async function openStore(
  settings: { readonly databaseUrl: string | null; readonly databaseSchema: string; readonly databasePoolSize: number; readonly dataDir: string },
  onMigration: (event: MigrationEvent) => void,
  warnings: StoreWarnings = {},
): Promise<Store> {
  if (settings.databaseUrl !== null) {
    return PgStore.open(settings.databaseUrl, { schema: settings.databaseSchema, poolSize: settings.databasePoolSize, onMigration, ...warnings });
  }
  return SqliteStore.open(path.join(settings.dataDir, 'connector.sqlite'), undefined, { onMigration });
}
