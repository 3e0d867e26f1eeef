import { randomInt } from 'node:crypto';
import { NO_CALL_LIMITS, type Agent, type CallLimits, type NewAgent } from './store.js';

/** An `agents` row as either store reads it: `disabled` is a boolean on PostgreSQL, 0 or 1 on SQLite. */
export interface AgentRow {
  id: string;
  name: string;
  crm_user_id: string | null;
  disabled: boolean | number;
  role: string;
  team: string | null;
  caller_id: string | null;
  allowed_countries: string | null;
  limits: string;
  session_epoch: number;
}

/** The columns a new agent is inserted with, in the order of {@link newAgentValues}. */
export const NEW_AGENT_COLUMNS = 'id, name, crm_user_id, token_hash, disabled, created_at, role, team, caller_id, allowed_countries, limits, session_epoch';

/**
 * A new agent's row, in the order of {@link NEW_AGENT_COLUMNS}: created now, with the default profile for what
 * `agent` leaves out (role `agent`, no team, no caller id, tenant policy and limits). `disabled` stays a boolean:
 * a store that keeps flags otherwise converts it.
 */
export function newAgentValues(agent: NewAgent): unknown[] {
  return [
    agent.id,
    agent.name,
    agent.crmUserId,
    agent.tokenHash,
    agent.disabled,
    new Date().toISOString(),
    agent.role ?? 'agent',
    agent.team ?? null,
    agent.callerId ?? null,
    agent.allowedCountries ? JSON.stringify(agent.allowedCountries) : null,
    JSON.stringify(agent.limits ?? NO_CALL_LIMITS),
    // Random, not 0: a session issued to a deleted agent must not match a new agent created with the same id.
    randomInt(1, 2 ** 47),
  ];
}

/**
 * An agent's profile columns, in this order: name, crm_user_id, disabled, role, team, caller_id, allowed_countries,
 * limits (what an update writes). `disabled` stays a boolean, as in {@link newAgentValues}.
 */
export function agentProfileValues(agent: Agent): unknown[] {
  return [
    agent.name,
    agent.crmUserId,
    agent.disabled,
    agent.role,
    agent.team,
    agent.callerId,
    agent.allowedCountries ? JSON.stringify(agent.allowedCountries) : null,
    JSON.stringify(agent.limits),
  ];
}

/** The agent a row holds: any role but `admin` reads as `agent`, and a limit the row does not name as none. */
export function toAgent(row: AgentRow): Agent {
  const limits = JSON.parse(row.limits) as Partial<CallLimits>;
  return {
    id: row.id,
    name: row.name,
    crmUserId: row.crm_user_id,
    disabled: row.disabled === true || row.disabled === 1,
    role: row.role === 'admin' ? 'admin' : 'agent',
    team: row.team,
    callerId: row.caller_id,
    allowedCountries: row.allowed_countries ? (JSON.parse(row.allowed_countries) as string[]) : null,
    limits: {
      callsPerMinute: limits.callsPerMinute ?? null,
      callsPerDay: limits.callsPerDay ?? null,
      concurrentCalls: limits.concurrentCalls ?? null,
    },
    sessionEpoch: row.session_epoch,
  };
}
