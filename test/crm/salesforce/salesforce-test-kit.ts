import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import type { SalesforceSettings } from '../../../connector/src/crm/salesforce/salesforce-adapter.js';

/**
 * Shared fixtures for the Salesforce adapter tests: hosts, secrets, settings, documented response shapes.
 * Loggers, `rejection` and the call log every CRM's tests share are in `../crm-test-kit.ts`.
 */

export const LOGIN = 'https://login.salesforce.com';
export const INSTANCE = 'https://acme.my.salesforce.com';
export const API = '/services/data/v62.0';
export const TOKEN_PATH = '/services/oauth2/token';

export const CLIENT_ID = '3MVG9consumer-key-for-tests';
export const USERNAME = 'cti@acme.example';
export const ACCESS_TOKEN = '00Dxx0000001gPL!AR8AQJXg-access-token-one';
export const SECOND_ACCESS_TOKEN = '00Dxx0000001gPL!AR8AQJXg-access-token-two';
export const REFRESH_TOKEN = '5Aep861refresh-token-secret-value';
export const CLIENT_SECRET = 'client-secret-4F2A9C1E7B';

/** A throwaway RSA key pair, generated once per run. */
export const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

export function jwtSettings(overrides: Partial<SalesforceSettings> = {}): SalesforceSettings {
  return {
    loginUrl: LOGIN,
    apiVersion: '62.0',
    clientId: CLIENT_ID,
    auth: { flow: 'jwt', username: USERNAME, privateKeyPem: keys.privateKey },
    timeoutMs: 2000,
    ...overrides,
  };
}

export function refreshSettings(clientSecret: string | null = CLIENT_SECRET): SalesforceSettings {
  return jwtSettings({ auth: { flow: 'refresh-token', refreshToken: REFRESH_TOKEN, clientSecret } });
}

/** The documented token response. */
export function tokenResponse(accessToken = ACCESS_TOKEN) {
  return {
    access_token: accessToken,
    instance_url: INSTANCE,
    id: `${LOGIN}/id/00Dxx0000001gPLEAY/005xx000001Sv6eAAC`,
    token_type: 'Bearer',
    issued_at: '1717171717171',
    signature: 'c2lnbmF0dXJlLW9mLXRoZS10b2tlbg==',
    scope: 'api',
  };
}

export const INVALID_SESSION = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

/** Counts requests nock had no interceptor for (with real network disabled, each one fails), until `stop()`. */
export function unmatchedRequests(): { count(): number; stop(): void } {
  let count = 0;
  const listener = () => {
    count += 1;
  };
  nock.emitter.on('no match', listener);
  return { count: () => count, stop: () => nock.emitter.removeListener('no match', listener) };
}
