import type { SignInCrm } from './oauth-state.js';

/** Who the CRM says signed in. Never holds the CRM's access token: the connector does not keep it. */
export interface CrmIdentity {
  /** The CRM user id as the CRM reports it (Salesforce: 18 characters; HubSpot: the numeric id as text). */
  readonly crmUserId: string;
  /**
   * Every form an admin may have stored this user id in, most exact first (Salesforce: the 18- and the
   * 15-character id), for `store.agentByCrmUserId`.
   */
  readonly lookupIds: readonly string[];
  /** The user's login name or e-mail, for the audit log and messages; null when the CRM did not say. */
  readonly username: string | null;
}

/**
 * One CRM's OAuth 2.0 authorization-code sign-in, as the routes drive it.
 *
 * Contract:
 * - `authorizeUrl` MUST carry `state` unchanged, the connector's callback as `redirect_uri`, and, when `usesPkce`,
 *   the `S256` challenge.
 * - `identify` exchanges the code (with the PKCE verifier when `usesPkce`) and asks the CRM who the user is. It MUST
 *   throw only `AppError('SIGN_IN_FAILED')` with a message a person can act on, and MUST NOT put the code, the
 *   verifier, the client secret or the access token in any message, log or return value. It keeps no token.
 */
export interface CrmSignIn {
  readonly crm: SignInCrm;
  /** How people name the CRM in messages: `Salesforce`, `HubSpot`. */
  readonly label: string;
  readonly usesPkce: boolean;
  authorizeUrl(args: { state: string; codeChallenge: string | null }): string;
  identify(args: { code: string; verifier: string | null }): Promise<CrmIdentity>;
}
