import type Database from 'better-sqlite3';
import { agentChunk, cursorInRange, MAX_MERGED_AGENTS, type FactCursor } from './call-fact-cursor.js';
import { CallFactMerge } from './call-fact-merge.js';
import { FACT_COLUMNS, toFact, type FactRow } from './call-fact-row.js';
import { lazyStatements, type LazyStatements } from './sqlite-lazy-statements.js';
import type { CallFact, UsageFilter } from './store.js';

/** A page's lower bound: the range's start on the first page, the cursor (a seek in the index) after. */
type Lower = { readonly from: number } | { readonly after: FactCursor };
const FROM_START = 'started_at >= @from';
const FROM_CURSOR = '(started_at, leg) > (@afterStartedAt, @afterLeg)';

/**
 * Pages of `call_facts` in (started_at, leg) order for `Store.callFacts`. Every page seeks its index at the cursor and
 * reads about `limit` rows, so the last page of a long export costs what the first did, whatever the filter:
 * - a team is first turned into its agents now (a team of none reads nothing), and agents without a call from the
 *   cursor to the range's end (unknown ids, deleted or idle agents) are dropped with one index seek each;
 * - up to {@link MAX_MERGED_AGENTS} agents left: each is read through `call_facts_by_agent` from the cursor, a chunk at
 *   a time, and the chunks merged in order (legs are ASCII, so JS and SQLite order them alike);
 * - more agents, or none named: `call_facts_by_start` from the cursor, keeping the rows of those agents.
 * Reads run in one transaction, so a fold committed meanwhile shows in the whole page or not at all.
 */
export class SqliteCallFactPages {
  private readonly statement: LazyStatements;

  constructor(private readonly db: Database.Database) {
    this.statement = lazyStatements(db);
  }

  page(filter: UsageFilter, args: { limit: number; after?: FactCursor }): CallFact[] {
    const after = cursorInRange(filter.from, args.after);
    const lower: Lower = after ? { after } : { from: filter.from };
    return this.db.transaction(() => {
      const agents = this.agentsWithCalls(filter, lower);
      if (agents !== null && agents.length === 0) return [];
      if (agents !== null && agents.length <= MAX_MERGED_AGENTS) return this.merged(agents, filter.to, args.limit, lower);
      return this.byStart(agents, filter.to, args.limit, lower);
    })();
  }

  /** The agents whose calls the page may hold, or null for every agent. */
  private agentsWithCalls(filter: UsageFilter, lower: Lower): string[] | null {
    let agents = filter.agentIds === null ? null : [...new Set(filter.agentIds)];
    if (filter.team !== null) {
      const team = new Set(this.statement('SELECT id FROM agents WHERE team = ?').pluck().all(filter.team) as string[]);
      agents = agents === null ? [...team] : agents.filter((id) => team.has(id));
    }
    if (agents === null) return null;
    const any = this.statement(`SELECT 1 FROM call_facts WHERE agent_id = @agentId AND ${lowerSql(lower)} AND started_at < @to LIMIT 1`);
    return agents.filter((agentId) => any.get({ agentId, to: filter.to, ...bounds(lower) }) !== undefined);
  }

  /** The page from each agent's own index, merged in (started_at, leg) order. */
  private merged(agents: readonly string[], to: number, limit: number, start: Lower): CallFact[] {
    const chunk = agentChunk(limit, agents.length);
    const merge = new CallFactMerge(chunk, agents.map((agentId) => ({ agentId, facts: this.agentChunk(agentId, start, to, chunk) })));
    const page: CallFact[] = [];
    while (page.length < limit) {
      for (const { lane, after } of merge.emptied()) merge.refill(lane, this.agentChunk(lane.agentId, { after }, to, chunk));
      const fact = merge.take();
      if (!fact) break;
      page.push(fact);
    }
    return page;
  }

  private agentChunk(agentId: string, lower: Lower, to: number, limit: number): CallFact[] {
    const sql = `SELECT ${FACT_COLUMNS} FROM call_facts WHERE agent_id = @agentId AND ${lowerSql(lower)} AND started_at < @to ORDER BY started_at, leg LIMIT @limit`;
    return (this.statement(sql).all({ agentId, to, limit, ...bounds(lower) }) as FactRow[]).map(toFact);
  }

  /** The page from the start index, keeping only `agents`' rows when named. */
  private byStart(agents: readonly string[] | null, to: number, limit: number, lower: Lower): CallFact[] {
    // `+agent_id`: the agents are checked row by row, so SQLite must not pick the agent index and sort.
    const only = agents === null ? '' : ' AND +agent_id IN (SELECT value FROM json_each(@agentIds))';
    const sql = `SELECT ${FACT_COLUMNS} FROM call_facts WHERE ${lowerSql(lower)} AND started_at < @to${only} ORDER BY started_at, leg LIMIT @limit`;
    const params = { to, limit, ...bounds(lower), ...(agents === null ? {} : { agentIds: JSON.stringify(agents) }) };
    return (this.statement(sql).all(params) as FactRow[]).map(toFact);
  }
}

function lowerSql(lower: Lower): string {
  return 'after' in lower ? FROM_CURSOR : FROM_START;
}

function bounds(lower: Lower): Record<string, string | number> {
  return 'after' in lower ? { afterStartedAt: lower.after.startedAt, afterLeg: lower.after.leg } : { from: lower.from };
}
