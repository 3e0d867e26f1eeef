import { performance } from 'node:perf_hooks';
import type { Migration, MigrationEvent } from './migration-event.js';
import { PG_LOCK_CLASS, quoteIdentifier, type PgDatabase, type PgQueryable } from './pg-database.js';

/** The schema holds a migration newer than any this code knows: a newer connector applied it (a rolling upgrade). */
export interface NewerSchema {
  /** The highest migration version the database records. */
  readonly found: number;
  /** The highest this code knows. */
  readonly known: number;
}

/**
 * Brings the schema up to the newest of `migrations`: creates the schema when it is missing, then applies each
 * migration not yet recorded in `schema_migrations`, in version order, each in its own transaction together with its
 * record, so a migration is applied whole or not at all.
 *
 * Several instances may start at once against one database: every change runs under one transaction-scoped advisory
 * lock per schema, and re-checks what is applied once it holds it, so each migration is applied exactly once and the
 * other instances wait, then find it applied. `onMigration` hears only of the migrations this instance applies.
 * A failing migration's error names it; the versions before it stay applied. The error carries the server's SQLSTATE
 * (`code`) but not the driver's error itself.
 *
 * With `schema`, fails before creating any table unless the connection really works in that schema: a pooler that
 * drops startup options (PgBouncer with `ignore_startup_parameters = options`, RDS Proxy), or an `options` parameter
 * in the URL, which replaces the store's, would otherwise put the tables in `public` without a word.
 *
 * A schema migrated beyond this code (a newer instance started first during a rolling upgrade) is no failure: older
 * instances keep running on it until they are replaced, which each migration MUST allow (add, never drop or rename,
 * what released code uses). `onNewerSchema` is told, for the log.
 */
export async function migratePg(
  db: PgDatabase,
  options: {
    readonly schema?: string;
    readonly migrations: readonly Migration[];
    readonly onMigration: (event: MigrationEvent) => void;
    readonly onNewerSchema?: (versions: NewerSchema) => void;
  },
): Promise<void> {
  // Without the session limits: a migration may run for minutes on a large store, and the other instances wait for
  // it on this lock. A statement's timeout is set when it starts, so the limits are lifted by a statement of their own.
  const lock = async (tx: PgQueryable) => {
    await tx.query(`SELECT set_config('statement_timeout', '0', true), set_config('lock_timeout', '0', true)`);
    await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext(COALESCE($2::text, current_schema(), '')))`, [PG_LOCK_CLASS.migrations, options.schema ?? null]);
  };

  await withMigrationError(`cannot prepare the PostgreSQL schema${options.schema === undefined ? '' : ` ${JSON.stringify(options.schema)}`}`, () =>
    db.transaction(async (tx) => {
      await lock(tx);
      if (options.schema !== undefined) {
        // Checked before creating, so a schema an operator made beforehand needs no CREATE right on the database.
        const found = await tx.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [options.schema]);
        if (found.rowCount === 0) await tx.query(`CREATE SCHEMA ${quoteIdentifier(options.schema)}`);
        const { rows } = await tx.query<{ schema: string | null }>('SELECT current_schema() AS schema');
        const current = rows[0]?.schema ?? null;
        if (current !== options.schema) throw new SchemaNotKept(options.schema, current);
      }
      await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    INTEGER PRIMARY KEY,
                        name       TEXT NOT NULL,
                        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                      )`);
    }),
  );

  const applied = await appliedVersions(db);
  const known = [...options.migrations].sort((a, b) => a.version - b.version);
  for (const migration of known) {
    if (applied.has(migration.version)) continue;
    let started = 0;
    const ran = await withMigrationError(`PostgreSQL migration ${migration.version} (${migration.name}) failed`, () =>
      db.transaction(async (tx) => {
        await lock(tx);
        if ((await appliedVersions(tx)).has(migration.version)) return false;
        options.onMigration({ phase: 'started', version: migration.version, name: migration.name });
        started = performance.now();
        await tx.query(migration.sql);
        await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        return true;
      }),
    );
    if (ran) {
      options.onMigration({ phase: 'applied', version: migration.version, name: migration.name, durationMs: Math.round(performance.now() - started) });
    }
  }
  const found = Math.max(0, ...applied);
  const newest = known.at(-1)?.version ?? 0;
  if (found > newest) options.onNewerSchema?.({ found, known: newest });
}

/** The connection does not work in the configured schema (see `migratePg`). */
class SchemaNotKept extends Error {
  constructor(schema: string, current: string | null) {
    super(
      `PostgreSQL connections work in schema ${current === null ? '(none)' : JSON.stringify(current)}, not ${JSON.stringify(schema)} as configured: ` +
        'something drops the search_path the connector sets at connect time (a pooler such as PgBouncer with ignore_startup_parameters=options, ' +
        'or RDS Proxy; or an options parameter in DATABASE_URL); connect to PostgreSQL directly or through a pooler that passes startup options on',
    );
  }
}

/**
 * Runs `step`, rethrowing its failure as an error of `what` with the driver's message and SQLSTATE only: the driver's
 * error is not kept (as `cause`), so nothing it may carry reaches a log.
 */
async function withMigrationError<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof SchemaNotKept) throw error;
    const code = (error as { code?: unknown }).code;
    throw Object.assign(new Error(`${what}: ${(error as Error).message}`), typeof code === 'string' ? { code } : {});
  }
}

async function appliedVersions(db: PgQueryable): Promise<Set<number>> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((row) => row.version));
}
