import { CONNECTOR_URL } from 'c/clickToCallConfig';
import { toAgentSession } from './agentSession';
import { clearSession, readSession, saveSession } from './sessionStore';

/** A token with less than this left is refreshed before it is used, so no request goes out on a dying token. */
const REFRESH_MARGIN_MS = 60 * 1000;

// One refresh at a time: components asking together share it rather than each spending the old token.
let refreshing = null;

/**
 * The session token to send to the connector (`Authorization: Bearer ...`), or null when the agent has no usable
 * session and must sign in. A token with less than a minute left is first exchanged through `POST
 * /api/v1/auth/refresh` while the session's `refreshUntil` allows; a refused refresh (401, 403) ends the session, and
 * one that gets no answer keeps the current token for as long as it is valid. An expired session is forgotten.
 */
export async function currentToken() {
    const session = readSession();
    if (!session) {
        return null;
    }
    const now = Date.now();
    if (now >= session.expiresAt) {
        clearSession();
        return null;
    }
    const refreshable = now < session.refreshUntil && session.expiresAt < session.refreshUntil;
    if (session.expiresAt - now > REFRESH_MARGIN_MS || !refreshable) {
        return session.token;
    }
    if (!refreshing) {
        refreshing = refresh(session).finally(() => {
            refreshing = null;
        });
    }
    return refreshing;
}

async function refresh(session) {
    let response;
    try {
        response = await fetch(`${CONNECTOR_URL}/api/v1/auth/refresh`, {
            method: 'POST',
            credentials: 'omit',
            headers: { Accept: 'application/json', Authorization: `Bearer ${session.token}` }
        });
    } catch {
        return session.token;
    }
    if (response.status === 401 || response.status === 403) {
        clearSession();
        return null;
    }
    const renewed = response.ok ? toAgentSession(await response.json().catch(() => null)) : null;
    if (!renewed) {
        return session.token;
    }
    saveSession(renewed);
    return renewed.token;
}
