import type { UsageFilter } from './store.js';

/**
 * The SQL condition (to follow a WHERE clause, starting with AND) that keeps rows of the filter's agents and team, and
 * its named parameters, for the rollups and refusals (`agent_id` columns). The agents go in as one bound JSON array
 * (`json_each`), so the text depends only on which filters are set: one prepared statement per shape, however many
 * agents, and no list ever spliced into SQL.
 */
export function usageFilterSql(filter: Pick<UsageFilter, 'agentIds' | 'team'>): { sql: string; params: Record<string, string> } {
  let sql = '';
  const params: Record<string, string> = {};
  if (filter.team !== null) {
    sql += ' AND agent_id IN (SELECT id FROM agents WHERE team = @team)';
    params.team = filter.team;
  }
  if (filter.agentIds !== null) {
    sql += ' AND agent_id IN (SELECT value FROM json_each(@agentIds))';
    params.agentIds = JSON.stringify(filter.agentIds);
  }
  return { sql, params };
}
