/**
 * The connector's own persistence (call events, outbox, agent accounts as they arrive), behind one interface so that
 * SQLite (the embedded default) and PostgreSQL (several instances) can both serve.
 *
 * Contract: `open` has applied every migration before the store is handed out; `ping` resolves only when a query
 * round-trips; `close` is idempotent and waits for in-flight writes.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** The highest migration applied. */
  schemaVersion(): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
