/**
 * The connector session in a sign-in message, a refresh answer or the stored copy (`{token, expiresAt, refreshUntil,
 * agent}`, times as ISO strings or epoch ms), with both times as epoch ms; null when any part is missing or malformed,
 * so a half-read session is never kept or sent.
 */
export function toAgentSession(value) {
    const token = value?.token;
    const expiresAt = epochMs(value?.expiresAt);
    const refreshUntil = epochMs(value?.refreshUntil);
    const agent = value?.agent;
    if (typeof token !== 'string' || token === '' || expiresAt === null || refreshUntil === null) {
        return null;
    }
    if (typeof agent?.id !== 'string' || typeof agent?.name !== 'string') {
        return null;
    }
    const role = typeof agent.role === 'string' ? agent.role : 'agent';
    return { token, expiresAt, refreshUntil, agent: { id: agent.id, name: agent.name, role } };
}

function epochMs(value) {
    const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isFinite(ms) ? ms : null;
}
