import { agentChunk, cursorInRange, factBefore, MAX_MERGED_AGENTS, type FactCursor } from './call-fact-cursor.js';
import { CallFactMerge, type AgentFacts } from './call-fact-merge.js';
import { FACT_COLUMNS, toFact, type FactRow } from './call-fact-row.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { PgParams } from './pg-params.js';
import type { CallFact, UsageFilter } from './store.js';

/** A page's lower bound: the range's start on the first page, the cursor (a seek in the index) after. */
type Lower = { readonly from: number } | { readonly after: FactCursor };

const FACT_COLUMNS_OF_F = FACT_COLUMNS.split(', ')
  .map((column) => `f.${column}`)
  .join(', ');

/**
 * Pages of `call_facts` in (started_at, leg) order for `Store.callFacts` on PostgreSQL, the way `SqliteCallFactPages`
 * reads them: every page seeks its index at the cursor and reads about `limit` rows, so the last page of a long export
 * costs what the first did, whatever the filter.
 * - a team is first turned into its agents now (a team of none reads nothing), and agents without a call from the
 *   cursor to the range's end are dropped, one index seek each, in one statement;
 * - up to {@link MAX_MERGED_AGENTS} agents left: the first chunk of each through `call_facts_by_agent` from the cursor
 *   in one statement (a LATERAL join), merged in order, an agent's next chunk read when the merge has used its last;
 * - more agents, or none named: `call_facts_by_start` from the cursor, keeping the rows of those agents.
 * Legs are compared by code units in JS; the merge's order is the index's only while `leg` sorts by code units too
 * (the "C" collation).
 * A page is read in one REPEATABLE READ transaction, so a fold committed meanwhile shows in the whole page or not at all.
 */
export class PgCallFactPages {
  constructor(private readonly db: PgDatabase) {}

  page(filter: UsageFilter, args: { limit: number; after?: FactCursor }): Promise<CallFact[]> {
    const after = cursorInRange(filter.from, args.after);
    const lower: Lower = after ? { after } : { from: filter.from };
    if (args.limit <= 0) return Promise.resolve([]);
    return this.db.transaction(
      async (tx) => {
        const agents = await this.agentsWithCalls(tx, filter, lower);
        if (agents !== null && agents.length === 0) return [];
        if (agents !== null && agents.length <= MAX_MERGED_AGENTS) return this.merged(tx, agents, filter.to, args.limit, lower);
        return this.byStart(tx, agents, filter.to, args.limit, lower);
      },
      { isolation: 'repeatable read' },
    );
  }

  /** The agents whose calls the page may hold, or null for every agent. */
  private async agentsWithCalls(tx: PgQueryable, filter: UsageFilter, lower: Lower): Promise<string[] | null> {
    let agents = filter.agentIds === null ? null : [...new Set(filter.agentIds)];
    if (filter.team !== null) {
      const { rows } = await tx.query<{ id: string }>('SELECT id FROM agents WHERE team = $1', [filter.team]);
      const team = new Set(rows.map((row) => row.id));
      agents = agents === null ? [...team] : agents.filter((id) => team.has(id));
    }
    if (agents === null || agents.length === 0) return agents;
    const params = new PgParams();
    const named = params.add(agents);
    const { rows } = await tx.query<{ agent_id: string }>(
      `SELECT a.agent_id FROM unnest(${named}::text[]) AS a (agent_id)
       WHERE EXISTS (SELECT 1 FROM call_facts f WHERE f.agent_id = a.agent_id AND ${lowerSql(lower, params, 'f.')}
                     AND f.started_at < ${params.add(filter.to)})`,
      params.values,
    );
    return rows.map((row) => row.agent_id);
  }

  /** The page from each agent's own index, merged in (started_at, leg) order. */
  private async merged(tx: PgQueryable, agents: readonly string[], to: number, limit: number, start: Lower): Promise<CallFact[]> {
    const chunk = agentChunk(limit, agents.length);
    const merge = new CallFactMerge(chunk, await this.firstChunks(tx, agents, to, chunk, start));
    const page: CallFact[] = [];
    while (page.length < limit) {
      for (const { lane, after } of merge.emptied()) merge.refill(lane, await this.agentChunk(tx, lane.agentId, { after }, to, chunk));
      const fact = merge.take();
      if (!fact) break;
      page.push(fact);
    }
    return page;
  }

  /** Each agent's first chunk, in one statement. */
  private async firstChunks(tx: PgQueryable, agents: readonly string[], to: number, chunk: number, lower: Lower): Promise<AgentFacts[]> {
    const params = new PgParams();
    const named = params.add(agents);
    const { rows } = await tx.query<FactRow>(
      `SELECT ${FACT_COLUMNS_OF_F} FROM unnest(${named}::text[]) AS a (agent_id)
       CROSS JOIN LATERAL (
         SELECT ${FACT_COLUMNS} FROM call_facts WHERE agent_id = a.agent_id AND ${lowerSql(lower, params, '')}
           AND started_at < ${params.add(to)} ORDER BY started_at, leg LIMIT ${params.add(chunk)}
       ) AS f`,
      params.values,
    );
    const chunks = new Map<string, AgentFacts>(agents.map((agentId) => [agentId, { agentId, facts: [] }]));
    for (const row of rows) chunks.get(row.agent_id)?.facts.push(toFact(row));
    for (const { facts } of chunks.values()) facts.sort((a, b) => (factBefore(a, b) ? -1 : factBefore(b, a) ? 1 : 0));
    return [...chunks.values()];
  }

  private async agentChunk(tx: PgQueryable, agentId: string, lower: Lower, to: number, limit: number): Promise<CallFact[]> {
    const params = new PgParams();
    const agent = params.add(agentId);
    const sql = `SELECT ${FACT_COLUMNS} FROM call_facts WHERE agent_id = ${agent} AND ${lowerSql(lower, params, '')}
                 AND started_at < ${params.add(to)} ORDER BY started_at, leg LIMIT ${params.add(limit)}`;
    return (await tx.query<FactRow>(sql, params.values)).rows.map(toFact);
  }

  /** The page from the start index, keeping only `agents`' rows when named. */
  private async byStart(tx: PgQueryable, agents: readonly string[] | null, to: number, limit: number, lower: Lower): Promise<CallFact[]> {
    const params = new PgParams();
    const from = lowerSql(lower, params, '');
    const only = agents === null ? '' : ` AND agent_id = ANY(${params.add(agents)}::text[])`;
    const sql = `SELECT ${FACT_COLUMNS} FROM call_facts WHERE ${from} AND started_at < ${params.add(to)}${only}
                 ORDER BY started_at, leg LIMIT ${params.add(limit)}`;
    return (await tx.query<FactRow>(sql, params.values)).rows.map(toFact);
  }
}

/** Where the index is entered: the range's start, or the cursor once there is one (the range's start then drops). */
function lowerSql(lower: Lower, params: PgParams, table: string): string {
  if ('after' in lower) return `(${table}started_at, ${table}leg) > (${params.add(lower.after.startedAt)}::bigint, ${params.add(lower.after.leg)}::text)`;
  return `${table}started_at >= ${params.add(lower.from)}::bigint`;
}
