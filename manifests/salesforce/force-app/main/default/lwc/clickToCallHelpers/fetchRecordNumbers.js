import CONNECTOR_STATUS from '@salesforce/label/c.ClickToCall_ConnectorStatus';
import CONNECTOR_UNREACHABLE from '@salesforce/label/c.ClickToCall_ConnectorUnreachable';
import { CONNECTOR_URL } from 'c/clickToCallConfig';
import { formatLabel } from './formatLabel';

/**
 * A record's phone fields as the connector resolves them (`GET /api/v1/records/{objectType}/{id}/numbers`): resolves
 * to `{record, numbers}`, rejects with an `Error` whose message says what went wrong (the connector's own message
 * when it answered with one). Sends no credentials: the route needs none, and none should leave the org.
 */
export async function fetchRecordNumbers(objectType, recordId) {
    const url = `${CONNECTOR_URL}/api/v1/records/${encodeURIComponent(objectType)}/${encodeURIComponent(recordId)}/numbers`;
    let response;
    try {
        response = await fetch(url, { credentials: 'omit', headers: { Accept: 'application/json' } });
    } catch {
        throw new Error(CONNECTOR_UNREACHABLE);
    }
    const body = await response.json().catch(() => null);
    if (!response.ok || !Array.isArray(body?.numbers)) {
        throw new Error(body?.error?.message ?? formatLabel(CONNECTOR_STATUS, response.status));
    }
    return body;
}
