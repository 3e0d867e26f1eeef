import type { PgDatabase } from './pg-database.js';
import type { StoredTenantPolicy } from './store.js';

interface PolicyRow {
  allowed_countries: string | null;
  block_premium_rate: boolean;
  block_shared_cost: boolean;
  calls_per_minute: number;
  calls_per_day: number;
  concurrent_calls: number;
  updated_at: number;
}

/**
 * `tenant_policy` in PostgreSQL: the admin's tenant call policy, one row at most (id 1), in columns so the schema itself
 * refuses a limit below 1. No row: the configuration's policy applies. Each write is one statement, so instances that
 * set it at once leave one of their policies whole, never a mix.
 */
export class PgPolicyTable {
  constructor(private readonly db: PgDatabase) {}

  async get(): Promise<StoredTenantPolicy | null> {
    const { rows } = await this.db.query<PolicyRow>(
      `SELECT allowed_countries, block_premium_rate, block_shared_cost, calls_per_minute, calls_per_day, concurrent_calls, updated_at
       FROM tenant_policy WHERE id = 1`,
    );
    const row = rows[0];
    if (!row) return null;
    return {
      allowedCountries: row.allowed_countries === null ? null : (JSON.parse(row.allowed_countries) as string[]),
      blockPremiumRate: row.block_premium_rate,
      blockSharedCost: row.block_shared_cost,
      limits: { callsPerMinute: row.calls_per_minute, callsPerDay: row.calls_per_day, concurrentCalls: row.concurrent_calls },
      updatedAt: row.updated_at,
    };
  }

  async set(policy: StoredTenantPolicy | null): Promise<void> {
    if (policy === null) {
      await this.db.query('DELETE FROM tenant_policy');
      return;
    }
    await this.db.query(
      `INSERT INTO tenant_policy (id, allowed_countries, block_premium_rate, block_shared_cost, calls_per_minute, calls_per_day,
                                  concurrent_calls, updated_at)
       VALUES (1, $1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET allowed_countries = excluded.allowed_countries,
         block_premium_rate = excluded.block_premium_rate, block_shared_cost = excluded.block_shared_cost,
         calls_per_minute = excluded.calls_per_minute, calls_per_day = excluded.calls_per_day,
         concurrent_calls = excluded.concurrent_calls, updated_at = excluded.updated_at`,
      [
        policy.allowedCountries === null ? null : JSON.stringify(policy.allowedCountries),
        policy.blockPremiumRate,
        policy.blockSharedCost,
        policy.limits.callsPerMinute,
        policy.limits.callsPerDay,
        policy.limits.concurrentCalls,
        policy.updatedAt,
      ],
    );
  }
}
