import type { PgParams } from './pg-params.js';
import type { UsageFilter } from './store.js';

/**
 * The SQL condition (to follow a WHERE clause, starting with AND) that keeps rows of the filter's agents and team, for
 * the rollups and refusals (`agent_id` columns). The agents go in as one bound array, so the text depends only on which
 * filters are set, however many agents.
 */
export function pgUsageFilter(filter: Pick<UsageFilter, 'agentIds' | 'team'>, params: PgParams): string {
  let sql = '';
  if (filter.team !== null) sql += ` AND agent_id IN (SELECT id FROM agents WHERE team = ${params.add(filter.team)})`;
  if (filter.agentIds !== null) sql += ` AND agent_id = ANY(${params.add([...filter.agentIds])}::text[])`;
  return sql;
}
