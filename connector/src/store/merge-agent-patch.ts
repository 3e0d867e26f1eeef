import type { Agent, AgentPatch } from './store.js';

/** Changes that end the agent's sessions: a disabled agent, or one whose rights or identity changed. */
const REVOKING: readonly (keyof AgentPatch)[] = ['disabled', 'role', 'crmUserId'];

/**
 * The agent once `patch` applies to `before`: fields given as undefined are left as they are. `revokes` is true
 * exactly when the patch changes a field that ends the agent's sessions (disabled, role, CRM user id); giving a field
 * its current value revokes nothing.
 */
export function mergeAgentPatch(before: Agent, patch: AgentPatch): { next: Agent; revokes: boolean } {
  const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as AgentPatch;
  const next = { ...before, ...given };
  const revokes = REVOKING.some((key) => given[key] !== undefined && JSON.stringify(given[key]) !== JSON.stringify(before[key]));
  return { next, revokes };
}
