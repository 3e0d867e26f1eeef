import type Database from 'better-sqlite3';

/** Prepares an SQL text once, on first use. */
export type LazyStatements = (sql: string) => Database.Statement;

/** More shapes than any table here builds (filter and paging variants); beyond it the oldest is forgotten. */
const MAX_SHAPES = 64;

/**
 * Prepares each SQL text the first time it is run and reuses it after. Tables added by a later migration can so be
 * declared by a store opened at an older schema (as the upgrade tests do), and a query whose shape follows its
 * filter is compiled once per shape.
 */
export function lazyStatements(db: Database.Database): LazyStatements {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > MAX_SHAPES) cache.delete(cache.keys().next().value as string);
    }
    return statement;
  };
}
