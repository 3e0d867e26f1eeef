import type { AxiosInstance } from 'axios';
import { CrmError } from '../crm-error.js';
import { faultText } from '../fault-text.js';
import { scrubSecrets } from '../scrub-secrets.js';
import { isSecureOrLoopback } from '../secure-url.js';
import { sendCrmRequest } from '../send-crm-request.js';
import type { SalesforceSettings } from './salesforce-adapter.js';
import { readApiFault } from './salesforce-api-error.js';
import { SALESFORCE } from './salesforce-crm-name.js';
import { createJwtAssertionSigner } from './salesforce-jwt-assertion.js';

/** An access token and the org's instance, where every API call goes. */
export interface SalesforceToken {
  readonly accessToken: string;
  /** `instance_url` from the token response, e.g. `https://acme.my.salesforce.com` (no trailing slash). */
  readonly instanceUrl: string;
}

/** Obtains one new token from the token endpoint; throws only `CrmError`. */
export type SalesforceTokenRequest = () => Promise<SalesforceToken>;

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Builds the token request for the configured flow: JWT bearer (`grant_type=urn:ietf:params:oauth:grant-type:
 * jwt-bearer&assertion=...`) or refresh token (`grant_type=refresh_token&client_id&client_secret?&refresh_token`),
 * POSTed form-encoded to `{loginUrl origin}/services/oauth2/token`.
 *
 * A refusal (HTTP 400/401/403 with `{error, error_description}`) becomes `auth` with a message naming the settings to
 * check. Messages carry Salesforce's error code and description, and every secret this request holds (assertion,
 * refresh token, client secret, the issued token) is scrubbed from them in case Salesforce ever echoes one.
 */
export function createTokenRequest(settings: SalesforceSettings, http: AxiosInstance): SalesforceTokenRequest {
  const endpoint = `${new URL(settings.loginUrl).origin}/services/oauth2/token`;
  const { auth } = settings;
  const signer =
    auth.flow === 'jwt'
      ? createJwtAssertionSigner({
          loginUrl: settings.loginUrl,
          clientId: settings.clientId,
          username: auth.username,
          privateKeyPem: auth.privateKeyPem,
        })
      : null;

  return async () => {
    const form = new URLSearchParams();
    const secrets: string[] = [];
    if (auth.flow === 'jwt' && signer) {
      const assertion = await signer.sign();
      form.set('grant_type', JWT_GRANT);
      form.set('assertion', assertion);
      secrets.push(assertion);
    } else if (auth.flow === 'refresh-token') {
      form.set('grant_type', 'refresh_token');
      form.set('client_id', settings.clientId);
      if (auth.clientSecret !== null) form.set('client_secret', auth.clientSecret);
      form.set('refresh_token', auth.refreshToken);
      secrets.push(auth.refreshToken, ...(auth.clientSecret !== null ? [auth.clientSecret] : []));
    }
    const result = await sendCrmRequest(
      http,
      {
        method: 'POST',
        url: endpoint,
        data: form.toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      },
      SALESFORCE,
    );
    if (result.status === 200) return parseToken(result.body);
    throw refusal(settings.auth.flow, result.status, result.body, secrets);
  };
}

function parseToken(body: string): SalesforceToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badToken('is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object') throw badToken('is not an object');
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.access_token !== 'string' || fields.access_token === '') throw badToken('has no access_token');
  if (fields.token_type !== undefined && String(fields.token_type).toLowerCase() !== 'bearer') {
    throw badToken('is not a Bearer token');
  }
  if (typeof fields.instance_url !== 'string') throw badToken('has no instance_url');
  let instance: URL;
  try {
    instance = new URL(fields.instance_url);
  } catch {
    throw badToken('has an instance_url that is not a URL');
  }
  if (!isSecureOrLoopback(instance)) throw badToken('has an instance_url that is not https');
  return { accessToken: fields.access_token, instanceUrl: instance.origin };
}

function badToken(what: string): CrmError {
  return new CrmError('bad-response', `The Salesforce token response ${what}`, { crm: 'salesforce', status: 200 });
}

function refusal(flow: SalesforceSettings['auth']['flow'], status: number, body: string, secrets: string[]): CrmError {
  const fault = readApiFault(body);
  const errorCode = fault.errorCode && scrubSecrets(fault.errorCode, secrets);
  const details = { crm: 'salesforce', status, ...(errorCode ? { crmCode: errorCode } : {}) };
  const said = faultText(status, errorCode, fault.message && scrubSecrets(fault.message, secrets));
  if (status === 429) return new CrmError('rate-limited', `Salesforce is limiting logins (${said})`, details);
  if (status >= 500) {
    return new CrmError('unavailable', `The Salesforce login service is unavailable (${said})`, details);
  }
  if (status === 404) {
    return new CrmError('bad-request', `Salesforce has no token endpoint there (${said}): check SF_LOGIN_URL`, details);
  }
  const login = flow === 'jwt' ? 'the JWT bearer login' : 'the refresh-token login';
  return new CrmError('auth', `Salesforce refused ${login} (${said}): ${hint(flow, errorCode)}.`, details);
}

/** What to fix, by OAuth error code: the message an operator reads first. */
function hint(flow: SalesforceSettings['auth']['flow'], errorCode: string | undefined): string {
  switch (errorCode) {
    case 'invalid_client_id':
    case 'invalid_client':
    case 'invalid_client_credentials':
      return flow === 'jwt'
        ? 'check SF_CLIENT_ID is the consumer key of the connected app'
        : 'check SF_CLIENT_ID and SF_CLIENT_SECRET are the consumer key and secret of the connected app';
    case 'inactive_user':
    case 'inactive_org':
      return 'the integration user or the org is inactive or locked; ask a Salesforce admin';
    case 'unsupported_grant_type':
    case 'invalid_request':
      return `check the connected app allows the ${flow === 'jwt' ? 'JWT bearer' : 'refresh token'} flow and SF_LOGIN_URL`;
    default:
      return flow === 'jwt'
        ? "check SF_USERNAME, SF_LOGIN_URL (production or sandbox), the connected app's pre-authorized profiles or permission sets, and that its certificate matches SF_PRIVATE_KEY_FILE"
        : "check SF_REFRESH_TOKEN is still valid (revoked tokens and the connected app's refresh token policy end it) and SF_LOGIN_URL";
  }
}
