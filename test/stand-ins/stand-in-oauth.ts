/*
 * The sign-in half of the Salesforce stand-in: the OAuth 2.0 web server flow with PKCE and the identity URL, with
 * Salesforce's documented shapes:
 * - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm (authorize parameters,
 *   the redirect with `code` and `state`, the authorization_code grant, `code_challenge`/`code_verifier`)
 * - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm (errors: `error=access_denied`
 *   on the callback; `{"error": "invalid_grant", "error_description": "expired authorization code"}` from the token
 *   endpoint)
 * - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm (the identity URL
 *   `/id/<org id>/<user id>`, its JSON, and its bare-word errors such as 403 `Bad_OAuth_Token`)
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A Salesforce user the stand-in can sign in. */
export interface StandInUser {
  /** 18 characters, `005...`. */
  readonly userId: string;
  /** 18 characters, `00D...`. */
  readonly organizationId: string;
  readonly username: string;
  readonly displayName: string;
  /** false: Salesforce still identifies the user, with `active: false`. */
  readonly active?: boolean;
}

export const DEFAULT_STAND_IN_USER: StandInUser = {
  userId: '005xx000001SwiUAAS',
  organizationId: '00Dxx0000001gPLEAY',
  username: 'ada@engines.example',
  displayName: 'Ada Lovelace',
};

interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string | null;
  readonly user: StandInUser;
  readonly issuedAt: number;
  used: boolean;
}

/** Salesforce's authorization codes are valid for 15 minutes. */
const CODE_LIFETIME_MS = 15 * 60_000;
const BASE64URL_43 = /^[A-Za-z0-9_-]{43}$/;

/**
 * Authorize (auto-approving, as a user who is already signed in to Salesforce and approved the app sees it), the
 * authorization_code grant with a real PKCE check, and the identity URL. `signedInUser` and `approve` say what the
 * next authorize request does; `clientId`, when set, is the only consumer key accepted.
 */
export class StandInOAuth {
  signedInUser: StandInUser = DEFAULT_STAND_IN_USER;
  /** false: the user clicks Deny, and the callback gets `error=access_denied`. */
  approve = true;
  readonly counts = { authorizations: 0, codeGrants: 0, identityRequests: 0 };
  /** Every authorize request's parameters, in order, for tests to check what the connector sent. */
  readonly authorizeRequests: URLSearchParams[] = [];
  private readonly codes = new Map<string, IssuedCode>();
  private readonly identityTokens = new Map<string, StandInUser>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly clientId: string | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** `GET /services/oauth2/authorize`: a 302 back to `redirect_uri` with a code (or an error) and the `state`. */
  authorize(url: URL, res: ServerResponse): void {
    this.counts.authorizations += 1;
    const q = url.searchParams;
    this.authorizeRequests.push(new URLSearchParams(q));
    const clientId = q.get('client_id');
    if (!clientId || (this.clientId !== null && clientId !== this.clientId)) {
      return page(res, 400, 'error=invalid_client_id&error_description=client+identifier+invalid');
    }
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!/^https?:\/\//.test(redirectUri)) return page(res, 400, 'error=redirect_uri_mismatch&error_description=redirect_uri+must+match+configuration');
    const back = new URL(redirectUri);
    const state = q.get('state');
    const fail = (error: string, description: string) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      if (state !== null) back.searchParams.set('state', state);
      redirect(res, back);
    };
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'response type not supported');
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method');
    if (challenge !== null && ((method !== null && method !== 'S256') || !BASE64URL_43.test(challenge))) {
      return fail('invalid_request', 'invalid code challenge');
    }
    if (!this.approve) return fail('access_denied', 'end-user denied authorization');
    const code = `aPrx${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, { clientId, redirectUri, challenge, user: this.signedInUser, issuedAt: this.now(), used: false });
    back.searchParams.set('code', code);
    if (state !== null) back.searchParams.set('state', state);
    redirect(res, back);
  }

  /** `POST /services/oauth2/token` with `grant_type=authorization_code`. */
  codeGrant(form: URLSearchParams, res: ServerResponse): void {
    this.counts.codeGrants += 1;
    const issued = this.codes.get(form.get('code') ?? '');
    if (!issued || issued.used) return oauthError(res, 'invalid_grant', 'invalid authorization code');
    // A code is good for one exchange, whatever its outcome.
    issued.used = true;
    if (this.now() - issued.issuedAt > CODE_LIFETIME_MS) return oauthError(res, 'invalid_grant', 'expired authorization code');
    if (form.get('client_id') !== issued.clientId) return oauthError(res, 'invalid_client_id', 'client identifier invalid');
    if (form.get('redirect_uri') !== issued.redirectUri) return oauthError(res, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
    const verifier = form.get('code_verifier');
    if (issued.challenge !== null) {
      if (verifier === null) return oauthError(res, 'invalid_grant', 'invalid code verifier');
      if (createHash('sha256').update(verifier, 'ascii').digest('base64url') !== issued.challenge) {
        return oauthError(res, 'invalid_request', 'invalid code verifier');
      }
    }
    const accessToken = `00Dstandin!id.${randomBytes(24).toString('base64url')}`;
    this.identityTokens.set(accessToken, issued.user);
    const base = this.baseUrl();
    json(res, 200, {
      access_token: accessToken,
      signature: randomBytes(32).toString('base64'),
      scope: 'openid id',
      instance_url: base,
      id: `${base}/id/${issued.user.organizationId}/${issued.user.userId}`,
      token_type: 'Bearer',
      issued_at: String(this.now()),
    });
  }

  /** `GET /id/<org id>/<user id>` with `Authorization: Bearer <token>`; false when `url` is not an identity URL. */
  identity(url: URL, authorization: string | undefined, res: ServerResponse): boolean {
    const match = /^\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})\/?$/.exec(url.pathname);
    if (!match) return false;
    this.counts.identityRequests += 1;
    this.answerIdentity(match[1]!, match[2]!, authorization, res);
    return true;
  }

  private answerIdentity(orgId: string, userId: string, authorization: string | undefined, res: ServerResponse): void {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token) return word(res, 403, 'Missing_OAuth_Token');
    const user = this.identityTokens.get(token);
    if (!user) return word(res, 403, 'Bad_OAuth_Token');
    if (orgId !== user.organizationId) return word(res, 403, 'Wrong_Org');
    if (userId !== user.userId) return word(res, 404, 'Bad_Id');
    const base = this.baseUrl();
    const [firstName, ...rest] = user.displayName.split(' ');
    json(res, 200, {
      id: `${base}/id/${user.organizationId}/${user.userId}`,
      asserted_user: true,
      user_id: user.userId,
      organization_id: user.organizationId,
      username: user.username,
      nick_name: user.username.split('@')[0],
      display_name: user.displayName,
      email: user.username,
      email_verified: true,
      first_name: firstName ?? '',
      last_name: rest.join(' '),
      timezone: 'Europe/London',
      active: user.active ?? true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_GB',
      utcOffset: 0,
      urls: { rest: `${base}/services/data/v{version}/`, profile: `${base}/${user.userId}` },
      is_app_installed: true,
    });
  }
}

function redirect(res: ServerResponse, to: URL): void {
  res.writeHead(302, { location: to.href, 'cache-control': 'no-cache, no-store' }).end();
}

function oauthError(res: ServerResponse, error: string, description: string): void {
  json(res, 400, { error, error_description: description });
}

/** Salesforce shows authorize errors it cannot redirect (unknown app, bad redirect URI) as a page on its own site. */
function page(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html;charset=UTF-8' }).end(`<html><body><p>${text}</p></body></html>`);
}

/** The identity URL's errors are one word of plain text. */
function word(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain;charset=UTF-8' }).end(text);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-cache, no-store' }).end(JSON.stringify(body));
}
