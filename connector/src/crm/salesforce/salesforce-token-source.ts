import type { Logger } from 'pino';
import type { SalesforceToken, SalesforceTokenRequest } from './salesforce-token-request.js';

/**
 * The access token every API call shares.
 *
 * - `get()` MUST return the cached token when there is one, and MUST make concurrent callers share ONE in-flight
 *   token request. A failed request is not cached: the next `get()` tries again.
 * - `invalidate(token)` drops `token` only if it is still the current one, so several calls failing with the same
 *   expired session trigger one refresh, not one each.
 * - `clear()` forgets everything; a request still in flight is not cached when it lands.
 */
export interface SalesforceTokenSource {
  get(): Promise<SalesforceToken>;
  invalidate(token: SalesforceToken): void;
  clear(): void;
}

/** Salesforce tokens carry no expiry (the org's session timeout applies), so a token lives until a 401 says so. */
export function createTokenSource(request: SalesforceTokenRequest, logger: Logger): SalesforceTokenSource {
  let pending: Promise<SalesforceToken> | null = null;
  let current: SalesforceToken | null = null;

  return {
    get() {
      if (pending) return pending;
      const started = Date.now();
      const attempt: Promise<SalesforceToken> = request().then(
        (token) => {
          if (pending === attempt) current = token;
          logger.info({ instanceUrl: token.instanceUrl, ms: Date.now() - started }, 'Salesforce login succeeded');
          return token;
        },
        (error: unknown) => {
          if (pending === attempt) pending = null;
          throw error;
        },
      );
      pending = attempt;
      return attempt;
    },
    invalidate(token) {
      if (current !== token) return;
      current = null;
      pending = null;
      logger.debug('Salesforce session dropped; the next call logs in again');
    },
    clear() {
      current = null;
      pending = null;
    },
  };
}
