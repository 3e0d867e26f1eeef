import type { HubSpotSettings } from '../../../connector/src/crm/hubspot/hubspot-adapter.js';

/**
 * Shared fixtures for the HubSpot adapter tests: host, secrets, settings, documented error shapes.
 * Loggers, `rejection` and the call log every CRM's tests share are in `../crm-test-kit.ts`.
 */

export const API = 'https://api.hubapi.com';
export const TOKEN_PATH = '/oauth/v1/token';

export const PRIVATE_APP_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = '5d3f0a2b-aaaa-bbbb-cccc-0123456789ab';
export const CLIENT_SECRET = 'client-secret-9c8b7a6d-5e4f';
export const REFRESH_TOKEN = 'na1-refresh-6a5b-4c3d-2e1f-000000000001';
export const ACCESS_TOKEN = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';
export const SECOND_ACCESS_TOKEN = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-second';

export function privateAppSettings(overrides: Partial<HubSpotSettings> = {}): HubSpotSettings {
  return {
    apiBaseUrl: API,
    auth: { kind: 'private-app', accessToken: PRIVATE_APP_TOKEN },
    callIdProperty: 'cti_call_id',
    timeoutMs: 2000,
    ...overrides,
  };
}

export function oauthSettings(overrides: Partial<HubSpotSettings> = {}): HubSpotSettings {
  return privateAppSettings({
    auth: { kind: 'oauth', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: REFRESH_TOKEN },
    ...overrides,
  });
}

/** The documented answer of `POST /oauth/v1/token`. */
export function tokenResponse(accessToken = ACCESS_TOKEN, expiresIn = 1800) {
  return { token_type: 'bearer', refresh_token: REFRESH_TOKEN, access_token: accessToken, expires_in: expiresIn };
}

/** HubSpot's 401 for an expired or unknown token. */
export const EXPIRED = {
  status: 'error',
  message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  correlationId: '1a7c4b8e-0d6f-4c38-9e51-3a2f0c5d9e71',
  category: 'INVALID_AUTHENTICATION',
};

/** HubSpot's 429 for the per-second limit. */
export const SECONDLY_LIMIT = {
  status: 'error',
  message: 'You have reached your secondly limit.',
  errorType: 'RATE_LIMIT',
  correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
  policyName: 'SECONDLY',
};
