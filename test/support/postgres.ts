import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL the tests use: `TEST_DATABASE_URL`, else the machine's own on loopback (README: "PostgreSQL for the
 * tests"). Tests never skip when it is down: they fail, saying how to start one.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty schema in the test database, for one store or one connector cluster; `drop` removes it. */
export interface TestSchema {
  readonly url: string;
  readonly schema: string;
  drop(): Promise<void>;
}

export async function createTestSchema(prefix = 't'): Promise<TestSchema> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE SCHEMA ${schema}`));
  return {
    url: TEST_DATABASE_URL,
    schema,
    drop: () => withAdmin((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach the tests' PostgreSQL at ${TEST_DATABASE_URL} (${(error as Error).message}): start it (README, "PostgreSQL for the tests") or set TEST_DATABASE_URL`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
