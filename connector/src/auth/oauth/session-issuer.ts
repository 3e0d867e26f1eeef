import type { Agent } from '../../store/store.js';

/**
 * What a CRM sign-in needs of the session tokens (`SessionTokens` in `auth/session-tokens.ts` is one): a session for
 * an agent, by method. Kept this narrow so the sign-in can be tested with a stand-in issuer.
 */
export interface SessionIssuer {
  issue(args: { agent: Agent; method: 'salesforce' | 'hubspot'; authTime?: number }): Promise<{
    readonly token: string;
    /** ms since the epoch */
    readonly expiresAt: number;
    /** ms since the epoch: refreshing stops here */
    readonly maxAgeAt: number;
  }>;
}
