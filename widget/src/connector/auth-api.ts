import type { AgentSession, SignInMethod } from './agent-session.js';

/**
 * The connector's sign-in routes (`/api/v1/auth/*`), which need no session except `refresh` and `signOut`.
 *
 * Contract:
 * - Each call rejects with a `ConnectorError` carrying the connector's code and message when it refused (401 for an
 *   unknown key or an ended session, 403 for a disabled agent, 429 when rate-limited), or a
 *   `ConnectorUnreachableError` when no answer came.
 * - A sign-in key is sent once, in the body of `signInWithKey`, and MUST NOT be kept by the implementation.
 */
export interface AuthApi {
  /** Which sign-ins the connector offers; always includes `key`. */
  methods(): Promise<readonly SignInMethod[]>;
  signInWithKey(key: string): Promise<AgentSession>;
  /** A new token for the same sign-in; refused once the session's maximum age is past. */
  refresh(token: string): Promise<AgentSession>;
  /** Ends every session of the agent at the connector. */
  signOut(token: string): Promise<void>;
}
