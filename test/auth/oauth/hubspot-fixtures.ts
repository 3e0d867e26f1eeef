/**
 * HubSpot's documented answers for the agents' sign-in (OAuth v1 endpoints), shared by the sign-in's and the routes'
 * tests: `POST /oauth/v1/token` with `grant_type=authorization_code`, `GET /oauth/v1/access-tokens/{token}`, and
 * their `{"status": "BAD_AUTH_CODE", "message": ...}` errors.
 */
export const API = 'https://api.hubapi.com';
export const HUB_CLIENT_ID = '5fd0e5a6-1b2c-4d3e-8f90-a1b2c3d4e5f6';
export const HUB_CLIENT_SECRET = '7c3e2a1b-9d8f-4e6a-b5c4-d3e2f1a0b9c8';
export const HUB_ACCESS_TOKEN = 'CKDZpunPLhICAQEYs-gDIIGOBii1hQIyGQAf3xBKEgsYjYMJVvlHEz9tFHAwSq1TQAM40s0D';
export const HUB_REFRESH_TOKEN = 'na1-6be4-1e2d-4a5b-9c8d-7e6f5a4b3c2d';
export const HUB_USER_ID = 123456;

/** The token endpoint's answer to a good authorization_code grant. */
export function hubTokenAnswer(): Record<string, unknown> {
  return {
    token_type: 'bearer',
    refresh_token: HUB_REFRESH_TOKEN,
    access_token: HUB_ACCESS_TOKEN,
    expires_in: 1800,
    hub_id: 62515,
    scopes: ['oauth'],
  };
}

/** The access token's metadata: who authorized it, in which account. */
export function hubTokenMetadata(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    token: HUB_ACCESS_TOKEN,
    user: 'ada@engines.example',
    hub_domain: 'engines.example',
    scopes: ['oauth'],
    hub_id: 62515,
    app_id: 456789,
    expires_in: 1754,
    user_id: HUB_USER_ID,
    token_type: 'access',
    ...overrides,
  };
}

/** HubSpot's refusal of a used, expired or unknown code. */
export const BAD_AUTH_CODE = {
  status: 'BAD_AUTH_CODE',
  message: 'missing or unknown auth code',
  correlationId: '5b1a0a6e-3f0c-4d7e-9c1b-2a3d4e5f6a7b',
};
