import axios from 'axios';
import { Router, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { createHubSpotSignIn } from '../auth/oauth/hubspot-sign-in.js';
import type { CrmSignIn } from '../auth/oauth/crm-sign-in.js';
import { CrmSignInFlow } from '../auth/oauth/crm-sign-in-flow.js';
import type { SignInCrm, StateBox } from '../auth/oauth/oauth-state.js';
import { allowedReturnOrigin } from '../auth/oauth/return-origin.js';
import { createSalesforceSignIn } from '../auth/oauth/salesforce-sign-in.js';
import type { SessionIssuer } from '../auth/oauth/session-issuer.js';
import { signInResultPage, type SignInPage } from '../auth/oauth/sign-in-result-page.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { validate } from './validate.js';

export interface OAuthRoutesDeps {
  readonly store: Store;
  /** Issues the agent's session (`SessionTokens`). */
  readonly sessions: SessionIssuer;
  /** Seals the OAuth `state` (the connector's `SecretBox`). */
  readonly box: StateBox;
  /** Where the CRMs send the browser back: `${publicUrl}/auth/<crm>/callback` (PUBLIC_URL, else http://HOST:PORT). */
  readonly publicUrl: string;
  /** The connector's own origin, where the widget is served: a result may always be posted there. */
  readonly connectorOrigin: string;
  /** The configured CRM origins, where a result may also be posted. */
  readonly crmOrigins: readonly string[];
  /** null: the Salesforce sign-in is not offered (404 SIGN_IN_UNAVAILABLE). */
  readonly salesforce: Config['signIn']['salesforce'];
  readonly hubspot: Config['signIn']['hubspot'];
  /** Bounds each request to the CRM (token, identity), ms. */
  readonly timeoutMs: number;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** HubSpot's authorize page; HubSpot's own unless a test's stand-in serves it. */
  readonly hubspotAuthorizeUrl?: string;
  /** The scopes HubSpot's authorize page is asked for: `oauth` unless the app requires more. */
  readonly hubspotScopes?: readonly string[];
}

const startQuery = z.object({ return: z.string().min(1).max(300) });

// Both CRMs may add parameters of their own (Salesforce: `sfdc_community_url`...); only these are read.
const callbackQuery = z.object({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().min(1).max(4096).optional(),
  error: z.string().min(1).max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

/**
 * The CRM sign-ins of the widget's popup: `GET /auth/{salesforce,hubspot}/start?return=<origin>` redirects (302) to
 * the CRM's authorize page, and `GET /auth/{salesforce,hubspot}/callback` answers the result page that posts the
 * session (or the error) to that origin. Every answer here is an HTML page, errors included, since a person reads
 * it in the popup; none sets a cookie. Mounted at the app root (the CRMs' redirect URIs are registered there).
 */
export function oauthRoutes(deps: OAuthRoutesDeps): Router {
  const router = Router();
  const base = deps.publicUrl.replace(/\/+$/, '');
  const returnOrigins = [deps.connectorOrigin, ...deps.crmOrigins];
  const http = axios.create({ timeout: deps.timeoutMs });
  const flowOf = (signIn: CrmSignIn): CrmSignInFlow =>
    new CrmSignInFlow({
      signIn,
      box: deps.box,
      store: deps.store,
      sessions: deps.sessions,
      returnOrigins,
      ...(deps.logger ? { logger: deps.logger } : {}),
      now: deps.now ?? Date.now,
    });
  const flows: Record<SignInCrm, CrmSignInFlow | null> = {
    salesforce: deps.salesforce
      ? flowOf(createSalesforceSignIn({ settings: deps.salesforce, redirectUri: `${base}/auth/salesforce/callback`, http }))
      : null,
    hubspot: deps.hubspot
      ? flowOf(
          createHubSpotSignIn({
            settings: deps.hubspot,
            redirectUri: `${base}/auth/hubspot/callback`,
            http,
            ...(deps.hubspotAuthorizeUrl ? { authorizeUrl: deps.hubspotAuthorizeUrl } : {}),
            ...(deps.hubspotScopes ? { scopes: deps.hubspotScopes } : {}),
          }),
        )
      : null,
  };

  for (const crm of ['salesforce', 'hubspot'] as const) {
    router.get(`/auth/${crm}/start`, (req, res) => {
      answer(res, deps.logger, () => {
        const query = validate(startQuery, req.query, 'query');
        const flow = flows[crm];
        if (!flow) {
          const unavailable = new AppError('SIGN_IN_UNAVAILABLE', `Signing in with ${crm === 'salesforce' ? 'Salesforce' : 'HubSpot'} is not set up on this connector; ask an admin, or sign in with your key.`);
          return errorPage(unavailable, allowedReturnOrigin(query.return, returnOrigins));
        }
        const started = flow.start(query.return);
        if ('page' in started) return started.page;
        res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(302, started.redirect);
        return null;
      });
    });
    router.get(`/auth/${crm}/callback`, async (req, res) => {
      await answerAsync(res, deps.logger, async () => {
        const query = validate(callbackQuery, req.query, 'query');
        const flow = flows[crm];
        if (!flow) return errorPage(new AppError('SIGN_IN_UNAVAILABLE'), null);
        return flow.callback(query);
      });
    });
  }
  return router;
}

function errorPage(error: AppError, returnOrigin: string | null): SignInPage {
  return signInResultPage({ outcome: { kind: 'error', code: error.code, message: error.message }, returnOrigin, crmLabel: null });
}

function send(res: Response, page: SignInPage | null): void {
  if (page) res.status(page.status).set(page.headers).send(page.html);
}

/** Answers with the page `build` makes; an error becomes a page too (the popup shows pages, not JSON). */
function answer(res: Response, logger: Logger | undefined, build: () => SignInPage | null): void {
  try {
    send(res, build());
  } catch (error) {
    send(res, failure(error, logger));
  }
}

async function answerAsync(res: Response, logger: Logger | undefined, build: () => Promise<SignInPage | null>): Promise<void> {
  try {
    send(res, await build());
  } catch (error) {
    send(res, failure(error, logger));
  }
}

function failure(error: unknown, logger: Logger | undefined): SignInPage {
  if (error instanceof AppError && error.status < 500) return errorPage(error, null);
  logger?.error({ err: error }, 'CRM sign-in failed');
  return errorPage(new AppError('INTERNAL', 'Something went wrong in the connector while signing you in; try again, and tell an admin if it keeps happening.'), null);
}
