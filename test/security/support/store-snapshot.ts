import type { Store } from '../../../connector/src/store/store.js';

/** A fixed instant for the outbox counts, so two snapshots taken moments apart compare equal. */
const AT = Date.parse('2030-01-01T00:00:00Z');

/**
 * What a refused request must leave as it was: every agent (profile, role, session epoch), every sealed SIP password,
 * the outbox and its dead letters. Compared as JSON.
 */
export async function storeSnapshot(store: Store): Promise<string> {
  const [agents, sip, outbox, dead] = await Promise.all([
    store.listAgents(),
    store.sealedSipPasswords(),
    store.outboxCounts(AT),
    store.deadLetters(100),
  ]);
  const accounts = await Promise.all(agents.map(async (agent) => [agent.id, await store.agentSip(agent.id)] as const));
  return JSON.stringify({ agents, sip, accounts, outbox, dead: dead.map((entry) => entry.callId) });
}
