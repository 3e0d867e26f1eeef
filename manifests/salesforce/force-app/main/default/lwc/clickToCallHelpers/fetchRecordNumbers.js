import CONNECTOR_STATUS from '@salesforce/label/c.ClickToCall_ConnectorStatus';
import CONNECTOR_UNREACHABLE from '@salesforce/label/c.ClickToCall_ConnectorUnreachable';
import { CONNECTOR_URL } from 'c/clickToCallConfig';
import { currentToken } from './currentToken';
import { formatLabel } from './formatLabel';
import { clearSession } from './sessionStore';
import { signInNeededError } from './signInNeeded';

/**
 * A record's phone fields as the connector resolves them (`GET /api/v1/records/{objectType}/{id}/numbers`) for the
 * signed-in agent: resolves to `{record, numbers}`, rejects with an `Error` whose message says what went wrong (the
 * connector's own message when it answered with one). Sends the agent's session token and no cookies
 * (`credentials: 'omit'`). Without a usable session it asks nothing, and when the connector refuses the session
 * (401) it forgets it; both reject with a sign-in-needed error (`isSignInNeeded`).
 */
export async function fetchRecordNumbers(objectType, recordId) {
    const token = await currentToken();
    if (!token) {
        throw signInNeededError();
    }
    const url = `${CONNECTOR_URL}/api/v1/records/${encodeURIComponent(objectType)}/${encodeURIComponent(recordId)}/numbers`;
    let response;
    try {
        response = await fetch(url, {
            credentials: 'omit',
            headers: { Accept: 'application/json', Authorization: `Bearer ${token}` }
        });
    } catch {
        throw new Error(CONNECTOR_UNREACHABLE);
    }
    if (response.status === 401) {
        clearSession();
        throw signInNeededError();
    }
    const body = await response.json().catch(() => null);
    if (!response.ok || !Array.isArray(body?.numbers)) {
        throw new Error(body?.error?.message ?? formatLabel(CONNECTOR_STATUS, response.status));
    }
    return body;
}
