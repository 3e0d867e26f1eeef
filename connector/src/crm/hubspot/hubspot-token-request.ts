import type { AxiosInstance } from 'axios';
import { CrmError } from '../crm-error.js';
import { faultText } from '../fault-text.js';
import { scrubSecrets } from '../scrub-secrets.js';
import { sendCrmRequest } from '../send-crm-request.js';
import { readFault } from './hubspot-api-error.js';
import { HUBSPOT } from './hubspot-crm-name.js';

/** The OAuth app's credentials: the refresh token a portal granted, and the app's client id and secret. */
export interface HubSpotOAuthCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

/** A token from `POST /oauth/v1/token`, with when it stops working (ms since the epoch), or null when not said. */
export interface HubSpotIssuedToken {
  readonly accessToken: string;
  readonly expiresAt: number | null;
  /** The refresh token HubSpot returned, to use next time (HubSpot returns the same one today). */
  readonly refreshToken: string;
}

/**
 * Refreshes an OAuth access token: `POST {apiBaseUrl}/oauth/v1/token`, form-encoded `grant_type=refresh_token`,
 * `client_id`, `client_secret`, `refresh_token`; HubSpot answers `{access_token, refresh_token, expires_in,
 * token_type}` (`expires_in` in seconds, 1800 today).
 *
 * A refusal (400 `BAD_REFRESH_TOKEN`, `BAD_CLIENT_ID`...; 401; 403) is `auth` naming the settings to check; 429 is
 * `rate-limited`, 5xx `unavailable`. Every secret of the request and the answer is scrubbed from messages.
 */
export async function refreshAccessToken(
  http: AxiosInstance,
  apiBaseUrl: string,
  credentials: HubSpotOAuthCredentials,
  now: () => number,
): Promise<HubSpotIssuedToken> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    refresh_token: credentials.refreshToken,
  });
  const secrets = [credentials.clientSecret, credentials.refreshToken];
  const result = await sendCrmRequest(
    http,
    {
      method: 'POST',
      url: `${apiBaseUrl}/oauth/v1/token`,
      data: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    },
    HUBSPOT,
  );
  if (result.status === 200) return parseToken(result.body, credentials.refreshToken, now());
  const fault = readFault(result.body);
  const details = { crm: 'hubspot', status: result.status, ...(fault.code ? { crmCode: fault.code } : {}) };
  const said = faultText(result.status, fault.code, fault.message && scrubSecrets(fault.message, secrets));
  if (result.status === 429) throw new CrmError('rate-limited', `HubSpot is limiting token refreshes (${said})`, details);
  if (result.status >= 500) {
    throw new CrmError('unavailable', `The HubSpot token service is unavailable (${said})`, details);
  }
  throw new CrmError(
    'auth',
    `HubSpot refused the OAuth token refresh (${said}): check HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and that ` +
      'HUBSPOT_REFRESH_TOKEN was issued to this app and the app is still installed in the portal',
    details,
  );
}

function parseToken(body: string, previousRefreshToken: string, issuedAt: number): HubSpotIssuedToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badToken('is not JSON');
  }
  const fields = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  if (fields === null) throw badToken('is not an object');
  if (typeof fields.access_token !== 'string' || fields.access_token === '') throw badToken('has no access_token');
  if (fields.token_type !== undefined && String(fields.token_type).toLowerCase() !== 'bearer') {
    throw badToken('is not a bearer token');
  }
  const lifetime = typeof fields.expires_in === 'number' && fields.expires_in > 0 ? fields.expires_in : null;
  const refreshToken = typeof fields.refresh_token === 'string' && fields.refresh_token !== '' ? fields.refresh_token : previousRefreshToken;
  return { accessToken: fields.access_token, expiresAt: lifetime === null ? null : issuedAt + lifetime * 1000, refreshToken };
}

function badToken(what: string): CrmError {
  return new CrmError('bad-response', `The HubSpot token response ${what}`, { crm: 'hubspot', status: 200 });
}
