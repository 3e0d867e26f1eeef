/**
 * The key of one agent's leg of a call: `<agentId>:<SIP Call-ID>`. A proxy keeps one Call-ID across the legs it
 * connects, so when two agents call each other, or a call rings a group, several agents report the same Call-ID;
 * each leg is its own call record and its own CRM activity. Agent ids hold no `:`, so the key splits unambiguously.
 */
export function callLegKey(agentId: string, callId: string): string {
  return `${agentId}:${callId}`;
}
