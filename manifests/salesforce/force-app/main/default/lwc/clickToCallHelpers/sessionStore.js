import { toAgentSession } from './agentSession';

/** Where the session is kept: the tab's `sessionStorage`, so it ends with the tab and no other site reads it. */
const STORAGE_KEY = 'clickToCall:session';

// The latest session of this page, and the stand-in where storage throws (storage disabled, quota, a sandbox).
let memory = null;

/** The agent's connector session for this browser tab, or null when there is none (or what is stored is unreadable). */
export function readSession() {
    if (memory) {
        return memory;
    }
    try {
        const stored = window.sessionStorage.getItem(STORAGE_KEY);
        memory = stored === null ? null : toAgentSession(JSON.parse(stored));
    } catch {
        memory = null;
    }
    return memory;
}

/** Keeps `session` for this tab: later reads, and the next page load of the tab when storage works, find it. */
export function saveSession(session) {
    memory = session;
    try {
        window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
        // Kept in memory only: the agent signs in again after a reload.
    }
}

/** Forgets the session (it ended, or the connector refused it): the agent has to sign in again. */
export function clearSession() {
    memory = null;
    try {
        window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
        // Nothing was stored where storage throws.
    }
}
