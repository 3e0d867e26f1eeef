import { SignInError } from '../auth/sign-in-error.js';
import type { SignInMethod } from '../connector/agent-session.js';
import { ConnectorError } from '../connector/connector-api.js';
import { errorText } from './async-tools.js';

/** What the sign-in screen says when the connector refuses the session the widget holds. */
export const SESSION_ENDED_MESSAGE = 'Your session ended; sign in again.';

/** Why a sign-in did not succeed, in words that say what to do next. */
export function signInProblem(error: unknown, method: SignInMethod | null): string {
  if (error instanceof SignInError) return error.message;
  if (error instanceof ConnectorError) {
    if (error.status === 401 && method === 'key') {
      return 'That sign-in key was not accepted. Check that you pasted all of it, or ask your admin for a new one.';
    }
    if (error.status === 401) return SESSION_ENDED_MESSAGE;
    // A disabled agent, too many attempts, a CRM user with no agent: the connector's own words say it best.
    if (error.status < 500) return error.message;
  }
  return `Could not reach the connector: ${errorText(error)} Check your network, then try again.`;
}
