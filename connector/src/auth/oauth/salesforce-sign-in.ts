import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { readApiFault } from '../../crm/salesforce/salesforce-api-error.js';
import { SALESFORCE } from '../../crm/salesforce/salesforce-crm-name.js';
import { isSecureOrLoopback } from '../../crm/secure-url.js';
import { AppError } from '../../errors/app-error.js';
import type { CrmIdentity, CrmSignIn } from './crm-sign-in.js';
import { isSalesforceId, salesforceIdForms, salesforceIdKey } from './salesforce-user-ids.js';
import { postTokenForm, readJsonAnswer, sendSignInRequest, signInRefused, unreadableAnswer } from './sign-in-request.js';

export type SalesforceSignInSettings = NonNullable<Config['signIn']['salesforce']>;

/** The scopes that identify the user and nothing more: `openid` and `id` (the identity URL). No API access. */
const SCOPES = 'openid id';

/** Salesforce's own domains, where an org's identity URL lives besides its login host and its instance. */
const SALESFORCE_DOMAINS = ['.salesforce.com', '.force.com'];

const tokenSchema = z.object({
  access_token: z.string().min(1),
  instance_url: z.string().min(1),
  id: z.string().min(1),
});

const identitySchema = z.object({
  user_id: z.string().refine(isSalesforceId),
  organization_id: z.string().refine(isSalesforceId),
  username: z.string().optional(),
  active: z.boolean().optional(),
});

/**
 * Salesforce's OAuth 2.0 web server flow with PKCE ("OAuth 2.0 Web Server Flow for Web App Integration"):
 * `GET {login}/services/oauth2/authorize?response_type=code&client_id&redirect_uri&code_challenge
 * &code_challenge_method=S256&state&scope=openid id`, then `POST {login}/services/oauth2/token` form-encoded
 * `grant_type=authorization_code&code&client_id&redirect_uri&code_verifier` (+ `client_secret` when configured),
 * then `GET` the identity URL (the token answer's `id`) with the access token, which answers `user_id`,
 * `organization_id`, `username`, `active`...
 *
 * Promises beyond {@link CrmSignIn}: the access token is sent only to an identity URL that is https (or http on
 * loopback, as `SF_LOGIN_URL` allows), on the login host, the instance or a Salesforce domain, and shaped
 * `/id/<org id>/<user id>`; the identity must name that same org and user, and an inactive user is refused.
 */
export function createSalesforceSignIn(args: { settings: SalesforceSignInSettings; redirectUri: string; http: AxiosInstance }): CrmSignIn {
  const { settings, redirectUri, http } = args;
  const login = new URL(settings.loginUrl).origin;

  return {
    crm: 'salesforce',
    label: SALESFORCE.label,
    usesPkce: true,
    authorizeUrl({ state, codeChallenge }) {
      const query = new URLSearchParams({ response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri });
      if (codeChallenge !== null) {
        query.set('code_challenge', codeChallenge);
        query.set('code_challenge_method', 'S256');
      }
      query.set('state', state);
      query.set('scope', SCOPES);
      // The compact login page Salesforce offers for popup windows, which is where the widget opens it.
      query.set('display', 'popup');
      return `${login}/services/oauth2/authorize?${query.toString()}`;
    },
    async identify({ code, verifier }) {
      const secrets = [code, ...(verifier ? [verifier] : []), ...(settings.clientSecret ? [settings.clientSecret] : [])];
      const form = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: settings.clientId, redirect_uri: redirectUri });
      if (verifier !== null) form.set('code_verifier', verifier);
      if (settings.clientSecret !== null) form.set('client_secret', settings.clientSecret);
      const answer = await postTokenForm(http, `${login}/services/oauth2/token`, form, SALESFORCE);
      if (answer.status !== 200) {
        const fault = readApiFault(answer.body);
        throw signInRefused({ crm: SALESFORCE, step: 'token', status: answer.status, code: fault.errorCode, message: fault.message, secrets });
      }
      const token = tokenSchema.safeParse(readJsonAnswer(answer.body));
      if (!token.success) throw unreadableAnswer(SALESFORCE, 'a token answer without an access token, instance or identity URL');
      secrets.push(token.data.access_token);
      const identityUrl = trustedIdentityUrl(token.data.id, login, token.data.instance_url);
      return identify(http, identityUrl, token.data.access_token, secrets);
    },
  };
}

/** The identity URL and the org and user ids its path names, or SIGN_IN_FAILED when the token must not go there. */
function trustedIdentityUrl(id: string, login: string, instanceUrl: string): { url: URL; orgId: string; userId: string } {
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    throw unreadableAnswer(SALESFORCE, 'an identity URL that is not a URL');
  }
  const hosts = [new URL(login).host, hostOf(instanceUrl)];
  const onSalesforce = hosts.includes(url.host) || SALESFORCE_DOMAINS.some((domain) => url.hostname.endsWith(domain));
  if (!isSecureOrLoopback(url) || !onSalesforce || url.username !== '' || url.password !== '') {
    throw unreadableAnswer(SALESFORCE, 'an identity URL outside Salesforce');
  }
  const [, orgId, userId] = /^\/id\/([a-zA-Z0-9]{15,18})\/([a-zA-Z0-9]{15,18})\/?$/.exec(url.pathname) ?? [];
  if (!orgId || !userId || !isSalesforceId(orgId) || !isSalesforceId(userId)) {
    throw unreadableAnswer(SALESFORCE, 'an identity URL of an unexpected shape');
  }
  return { url, orgId, userId };
}

async function identify(
  http: AxiosInstance,
  target: { url: URL; orgId: string; userId: string },
  accessToken: string,
  secrets: readonly string[],
): Promise<CrmIdentity> {
  const answer = await sendSignInRequest(
    http,
    { method: 'GET', url: target.url.href, headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } },
    SALESFORCE,
  );
  if (answer.status !== 200) {
    // The identity service answers its errors as a bare word (`Bad_OAuth_Token`, `Inactive`...), not JSON.
    const word = /^\s*([A-Za-z_]{1,60})\s*$/.exec(answer.body)?.[1];
    const fault = word ? { errorCode: word, message: undefined } : readApiFault(answer.body);
    throw signInRefused({ crm: SALESFORCE, step: 'identity', status: answer.status, code: fault.errorCode, message: fault.message, secrets });
  }
  const identity = identitySchema.safeParse(readJsonAnswer(answer.body));
  if (!identity.success) throw unreadableAnswer(SALESFORCE, 'an identity without a user id');
  const { user_id: userId, organization_id: orgId, username, active } = identity.data;
  if (salesforceIdKey(userId) !== salesforceIdKey(target.userId) || salesforceIdKey(orgId) !== salesforceIdKey(target.orgId)) {
    throw unreadableAnswer(SALESFORCE, 'an identity of another user than the one who signed in');
  }
  if (active === false) {
    throw new AppError('SIGN_IN_FAILED', 'Your Salesforce user is inactive; ask a Salesforce admin to activate it.', { crm: SALESFORCE.id });
  }
  return { crmUserId: userId, lookupIds: salesforceIdForms(userId), username: username ?? null };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
