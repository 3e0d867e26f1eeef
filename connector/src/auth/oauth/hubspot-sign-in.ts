import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { readFault } from '../../crm/hubspot/hubspot-api-error.js';
import { HUBSPOT } from '../../crm/hubspot/hubspot-crm-name.js';
import type { CrmSignIn } from './crm-sign-in.js';
import { postTokenForm, readJsonAnswer, sendSignInRequest, signInRefused, unreadableAnswer } from './sign-in-request.js';

export type HubSpotSignInSettings = NonNullable<Config['signIn']['hubspot']>;

/** Where HubSpot users authorize an app; HubSpot sends each user on to their account's data centre itself. */
export const HUBSPOT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';

/**
 * The scopes the sign-in asks for: exactly the `requiredScopes` of the app in `manifests/hubspot` (a test keeps the two
 * equal), because HubSpot refuses the authorize page of an app asked for fewer than it requires. The connector keeps
 * none of what they grant: it reads only who signed in (`oauth` alone would be enough for that).
 */
export const HUBSPOT_SIGN_IN_SCOPES: readonly string[] = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
];

const tokenSchema = z.object({ access_token: z.string().min(1) });

const metadataSchema = z.object({
  token: z.string().optional(),
  user: z.string().optional(),
  user_id: z.union([z.number().int().positive(), z.string().regex(/^[0-9]{1,20}$/)]),
  hub_id: z.union([z.number().int().positive(), z.string().regex(/^[0-9]{1,20}$/)]),
});

/**
 * HubSpot's OAuth 2.0 authorization-code flow (legacy public apps, OAuth v1 endpoints): `GET {authorize}?client_id
 * &redirect_uri&scope&state`, then `POST {apiBaseUrl}/oauth/v1/token` form-encoded `grant_type=authorization_code
 * &client_id&client_secret&redirect_uri&code`, then `GET {apiBaseUrl}/oauth/v1/access-tokens/{token}`, whose
 * `user_id` names the HubSpot user who signed in (the agent's `crmUserId`, as text). Refusals are HubSpot's
 * `{"status":"BAD_AUTH_CODE","message":...}` shapes. The access and refresh tokens are dropped once the user is known.
 */
export function createHubSpotSignIn(args: {
  settings: HubSpotSignInSettings;
  redirectUri: string;
  http: AxiosInstance;
  /** The authorize page; {@link HUBSPOT_AUTHORIZE_URL} unless a test's stand-in serves it. */
  authorizeUrl?: string;
  scopes?: readonly string[];
}): CrmSignIn {
  const { settings, redirectUri, http } = args;
  const authorizePage = args.authorizeUrl ?? HUBSPOT_AUTHORIZE_URL;
  const scopes = (args.scopes ?? HUBSPOT_SIGN_IN_SCOPES).join(' ');

  return {
    crm: 'hubspot',
    label: HUBSPOT.label,
    usesPkce: false,
    authorizeUrl({ state }) {
      const query = new URLSearchParams({ client_id: settings.clientId, redirect_uri: redirectUri, scope: scopes, state });
      return `${authorizePage}?${query.toString()}`;
    },
    async identify({ code }) {
      const secrets = [code, settings.clientSecret];
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        redirect_uri: redirectUri,
        code,
      });
      const answer = await postTokenForm(http, `${settings.apiBaseUrl}/oauth/v1/token`, form, HUBSPOT);
      if (answer.status !== 200) {
        const fault = readFault(answer.body);
        throw signInRefused({ crm: HUBSPOT, step: 'token', status: answer.status, code: fault.code, message: fault.message, secrets });
      }
      const token = tokenSchema.safeParse(readJsonAnswer(answer.body));
      if (!token.success) throw unreadableAnswer(HUBSPOT, 'a token answer without an access token');
      const accessToken = token.data.access_token;
      secrets.push(accessToken);

      const metadata = await sendSignInRequest(
        http,
        { method: 'GET', url: `${settings.apiBaseUrl}/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`, headers: { Accept: 'application/json' } },
        HUBSPOT,
      );
      if (metadata.status !== 200) {
        const fault = readFault(metadata.body);
        throw signInRefused({ crm: HUBSPOT, step: 'identity', status: metadata.status, code: fault.code, message: fault.message, secrets });
      }
      const parsed = metadataSchema.safeParse(readJsonAnswer(metadata.body));
      if (!parsed.success) throw unreadableAnswer(HUBSPOT, 'token details without a user id');
      if (parsed.data.token !== undefined && parsed.data.token !== accessToken) {
        throw unreadableAnswer(HUBSPOT, 'the details of another token');
      }
      const userId = String(parsed.data.user_id);
      return { crmUserId: userId, lookupIds: [userId], username: parsed.data.user ?? null };
    },
  };
}
