import type Database from 'better-sqlite3';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import type { StoredTenantPolicy } from './store.js';

interface PolicyRow {
  allowed_countries: string | null;
  block_premium_rate: number;
  block_shared_cost: number;
  calls_per_minute: number;
  calls_per_day: number;
  concurrent_calls: number;
  updated_at: number;
}

/**
 * `tenant_policy`: the admin's tenant call policy, one row at most (id 1), in columns so the schema itself refuses a
 * limit below 1. No row: the configuration's policy applies.
 */
export class SqlitePolicyTable {
  private readonly statement: LazyStatements;

  constructor(db: Database.Database) {
    this.statement = lazyStatements(db);
  }

  get(): StoredTenantPolicy | null {
    const row = this.statement(
      `SELECT allowed_countries, block_premium_rate, block_shared_cost, calls_per_minute, calls_per_day, concurrent_calls, updated_at
       FROM tenant_policy WHERE id = 1`,
    ).get() as PolicyRow | undefined;
    if (!row) return null;
    return {
      allowedCountries: row.allowed_countries === null ? null : (JSON.parse(row.allowed_countries) as string[]),
      blockPremiumRate: row.block_premium_rate === 1,
      blockSharedCost: row.block_shared_cost === 1,
      limits: { callsPerMinute: row.calls_per_minute, callsPerDay: row.calls_per_day, concurrentCalls: row.concurrent_calls },
      updatedAt: row.updated_at,
    };
  }

  set(policy: StoredTenantPolicy | null): void {
    if (policy === null) {
      this.statement('DELETE FROM tenant_policy').run();
      return;
    }
    this.statement(
      `INSERT INTO tenant_policy (id, allowed_countries, block_premium_rate, block_shared_cost, calls_per_minute, calls_per_day,
                                  concurrent_calls, updated_at)
       VALUES (1, @allowedCountries, @blockPremiumRate, @blockSharedCost, @callsPerMinute, @callsPerDay, @concurrentCalls, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET allowed_countries = excluded.allowed_countries,
         block_premium_rate = excluded.block_premium_rate, block_shared_cost = excluded.block_shared_cost,
         calls_per_minute = excluded.calls_per_minute, calls_per_day = excluded.calls_per_day,
         concurrent_calls = excluded.concurrent_calls, updated_at = excluded.updated_at`,
    ).run({
      allowedCountries: policy.allowedCountries === null ? null : JSON.stringify(policy.allowedCountries),
      blockPremiumRate: policy.blockPremiumRate ? 1 : 0,
      blockSharedCost: policy.blockSharedCost ? 1 : 0,
      callsPerMinute: policy.limits.callsPerMinute,
      callsPerDay: policy.limits.callsPerDay,
      concurrentCalls: policy.limits.concurrentCalls,
      updatedAt: policy.updatedAt,
    });
  }
}
