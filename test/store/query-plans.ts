import Database from 'better-sqlite3';

/** One SQL text SQLite compiled, and the connection it was compiled on. */
export interface CompiledStatement {
  readonly db: Database.Database;
  readonly sql: string;
}

/**
 * The SQL texts SQLite compiles while `run` runs. The store compiles each statement on first use, so `run` must be the
 * first use of the queries looked at (a fresh store).
 */
export async function compiledDuring(run: () => Promise<unknown>): Promise<CompiledStatement[]> {
  const seen: CompiledStatement[] = [];
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    seen.push({ db: this, sql });
    return prepare.call(this, sql);
  } as typeof prepare;
  try {
    await run();
  } finally {
    Database.prototype.prepare = prepare;
  }
  return seen;
}

/** SQLite's plan for a compiled statement, one line per step, every parameter bound to a harmless value. */
export function queryPlan({ db, sql }: CompiledStatement): string {
  const named = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map(([, name]) => [name!, name === 'agentIds' ? '["someone"]' : 1]));
  const positional = [...sql.matchAll(/\?/g)].map(() => 1);
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Object.keys(named).length > 0 ? statement.all(named) : statement.all(...positional)) as { detail: string }[];
  return rows.map((row) => row.detail).join('\n');
}
