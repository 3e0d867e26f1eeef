import pg from 'pg';

/** How strictly a transaction is isolated from the others running at the same time (PostgreSQL's levels). */
export type PgIsolation = 'read committed' | 'repeatable read' | 'serializable';

/**
 * The store's view of PostgreSQL: one parameterised statement at a time. Values MUST go in `params` ($1, $2, ...),
 * never into `sql`. BIGINT columns and COUNT(*) come back as JS numbers; NUMERIC (e.g. SUM over BIGINT) stays a
 * string, so cast it (`SUM(x)::bigint`).
 */
export interface PgQueryable {
  query<R>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
}

/** How to reach the database: its URL, the schema every statement works in (none: the server's search_path), pool size. */
export interface PgDatabaseOptions {
  readonly connectionString: string;
  readonly schema?: string;
  readonly poolSize?: number;
  /** Server-side limits of every session (see `PG_SESSION_LIMITS`); tests shorten them. */
  readonly limits?: PgSessionLimits;
  /**
   * Told when a pooled connection breaks (server restart, failover, network): while idle, or inside a transaction,
   * whose caller also gets the failure. The pool replaces it on the next statement. Default: nothing.
   */
  readonly onConnectionError?: (error: Error) => void;
}

/** PostgreSQL session settings that bound how long one statement, one lock wait and an idle transaction may last. */
export interface PgSessionLimits {
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
  readonly idleInTransactionTimeoutMs: number;
}

/**
 * A hung statement (a lock held by a stuck session, a network partition the socket does not notice) must not stop the
 * outbox worker or an API request forever: the server cancels it and the caller fails and tries again. The store's
 * slowest statement, a year of usage, takes well under a second; migrations lift the limits for themselves.
 */
export const PG_SESSION_LIMITS: PgSessionLimits = { statementTimeoutMs: 30_000, lockTimeoutMs: 10_000, idleInTransactionTimeoutMs: 60_000 };

const INT8_OID = 20;
const INT8_AS_NUMBER: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A pool of connections to one database, set up once for the store: int8 parsed as a number (the store's counters and
 * millisecond times stay far below 2^53) by this pool only, not globally; and every pooled connection, new or reused,
 * works in `schema` (set as a startup parameter, so no statement can run before it applies).
 */
export class PgDatabase implements PgQueryable {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly onConnectionError: (error: Error) => void,
  ) {}

  /** A pool for `options`; it connects lazily, on the first statement. The schema MUST already be a valid identifier. */
  static create(options: PgDatabaseOptions): PgDatabase {
    const limits = options.limits ?? PG_SESSION_LIMITS;
    const settings = [
      ...(options.schema === undefined ? [] : [`search_path=${quoteIdentifier(options.schema)}`]),
      `statement_timeout=${limits.statementTimeoutMs}`,
      `lock_timeout=${limits.lockTimeoutMs}`,
      `idle_in_transaction_session_timeout=${limits.idleInTransactionTimeoutMs}`,
    ];
    const onConnectionError = options.onConnectionError ?? (() => {});
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      // A peer that vanished without closing the socket (failover, NAT timeout) is noticed, not waited on forever.
      keepAlive: true,
      types: INT8_AS_NUMBER,
      options: settings.map((setting) => `-c ${setting}`).join(' '),
    });
    // An idle connection that breaks (server restart, network) is dropped by the pool and replaced on the next
    // statement; without a listener its error would end the process.
    pool.on('error', (error) => onConnectionError(error));
    return new PgDatabase(pool, onConnectionError);
  }

  /** One statement on any pooled connection (autocommit). */
  async query<R>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[]; rowCount: number }> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  /**
   * Runs `work` inside one transaction on one checked-out connection: BEGIN (at `isolation`, default read committed),
   * then COMMIT when `work` resolves, or ROLLBACK and rethrow when it rejects. The connection is always returned to
   * the pool (discarded if it broke or the rollback itself failed). `work` MUST issue its statements through `tx` only,
   * one at a time, and MUST NOT keep `tx` after it settles.
   *
   * A connection that breaks mid-transaction (the server restarts, fails over, or terminates the backend) fails the
   * transaction and nothing else: pg-pool listens for a connection's errors only while it is idle, and a checked-out
   * client's 'error' event without a listener would end the process.
   */
  async transaction<T>(work: (tx: PgQueryable) => Promise<T>, options: { isolation?: PgIsolation } = {}): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
      this.onConnectionError(error);
    };
    client.on('error', onError);
    const tx: PgQueryable = {
      query: async <R>(sql: string, params: readonly unknown[] = []) => {
        const result = await client.query(sql, params as unknown[]);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
    };
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${(options.isolation ?? 'read committed').toUpperCase()}`);
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken ??= rollbackError as Error;
      }
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Waits for checked-out connections to be returned, then closes them all. Call once. */
  async end(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Classes of transaction-scoped advisory locks, the first key of `pg_advisory_xact_lock(int, int)` (the second names
 * what is locked, e.g. `hashtext(agent id)`): one class per purpose, so the store's locks never meet each other's, and
 * unlikely another application's in the same database.
 */
export const PG_LOCK_CLASS = {
  /** Second key: `hashtext(schema)`. Held while the schema is created or migrated. */
  migrations: 0x43544901,
  /** Second key: `hashtext(agent id)`. Held while one agent's widget presence is written and capped. */
  presence: 0x43544902,
} as const;

/** `name` as a double-quoted SQL identifier (embedded quotes doubled). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
