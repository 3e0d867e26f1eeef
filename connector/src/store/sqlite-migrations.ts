/**
 * Versioned schema changes, applied in order, each once, inside one transaction. Never edit a released migration:
 * append a new one.
 */
export const SQLITE_MIGRATIONS: readonly { readonly version: number; readonly name: string; readonly sql: string }[] = [
  {
    version: 1,
    name: 'connector metadata',
    sql: `CREATE TABLE connector_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
          ) STRICT;`,
  },
];
