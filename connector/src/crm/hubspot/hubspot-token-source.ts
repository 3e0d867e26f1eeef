import type { Logger } from 'pino';
import type { HubSpotIssuedToken, HubSpotOAuthCredentials } from './hubspot-token-request.js';

/** The bearer token API calls carry. */
export interface HubSpotToken {
  readonly accessToken: string;
}

/**
 * The access token every API call shares.
 *
 * - `get()` MUST return the cached token while it is fresh, MUST refresh an OAuth token ahead of its expiry (at half
 *   its lifetime, or 5 minutes before it ends, whichever is later), and MUST make concurrent callers share ONE
 *   in-flight refresh. A failed refresh is not cached: the next `get()` tries again.
 * - `invalidate(token)` drops `token` if it is still the current one and says whether a fresh token can be had; a
 *   private app token cannot be refreshed, so it answers false and the caller gives up with `auth`.
 * - `secrets()` lists every secret held or issued so far, for scrubbing messages.
 */
export interface HubSpotTokenSource {
  get(): Promise<HubSpotToken>;
  invalidate(token: HubSpotToken): boolean;
  clear(): void;
  secrets(): readonly string[];
}

const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** A private app's token: fixed, never refreshed. */
export function privateAppTokenSource(accessToken: string): HubSpotTokenSource {
  const token: HubSpotToken = { accessToken };
  return {
    get: async () => token,
    invalidate: () => false,
    clear: () => undefined,
    secrets: () => [accessToken],
  };
}

/** OAuth tokens obtained with `refresh`, cached per the contract above. */
export function oauthTokenSource(deps: {
  readonly credentials: HubSpotOAuthCredentials;
  readonly refresh: (credentials: HubSpotOAuthCredentials) => Promise<HubSpotIssuedToken>;
  readonly now: () => number;
  readonly logger: Logger;
}): HubSpotTokenSource {
  const { now, logger } = deps;
  let credentials = deps.credentials;
  let current: { token: HubSpotToken; refreshAt: number } | null = null;
  let pending: Promise<HubSpotToken> | null = null;
  const issued: string[] = [];

  const start = (): Promise<HubSpotToken> => {
    const started = now();
    const attempt: Promise<HubSpotToken> = deps.refresh(credentials).then(
      (fresh) => {
        const token: HubSpotToken = { accessToken: fresh.accessToken };
        issued.push(fresh.accessToken);
        if (fresh.refreshToken !== credentials.refreshToken) credentials = { ...credentials, refreshToken: fresh.refreshToken };
        if (pending === attempt) {
          current = { token, refreshAt: refreshTime(now(), fresh.expiresAt) };
          pending = null;
        }
        logger.info({ ms: now() - started }, 'HubSpot access token refreshed');
        return token;
      },
      (error: unknown) => {
        if (pending === attempt) pending = null;
        throw error;
      },
    );
    pending = attempt;
    return attempt;
  };

  return {
    async get() {
      if (current !== null && now() < current.refreshAt) return current.token;
      return pending ?? start();
    },
    invalidate(token) {
      if (current?.token === token) {
        current = null;
        logger.debug('HubSpot access token dropped; the next call refreshes it');
      }
      return true;
    },
    clear() {
      current = null;
      pending = null;
    },
    secrets: () => [deps.credentials.clientSecret, deps.credentials.refreshToken, credentials.refreshToken, ...issued],
  };
}

function refreshTime(issuedAt: number, expiresAt: number | null): number {
  if (expiresAt === null) return Number.POSITIVE_INFINITY;
  const lifetime = expiresAt - issuedAt;
  return issuedAt + Math.max(lifetime / 2, lifetime - REFRESH_MARGIN_MS);
}
