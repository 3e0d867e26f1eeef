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

/**
 * What the sign-in screen says when the session was ended elsewhere: by an admin, or by the agent signing out in
 * another tab (the connector's push names why).
 */
export function adminEndedMessage(reason: string): string {
  switch (reason) {
    case 'disabled':
      return 'An admin disabled your agent account, so you were signed out.';
    case 'deleted':
      return 'An admin removed your agent account, so you were signed out.';
    case 'sign-in-key-reset':
      return 'An admin gave you a new sign-in key, so you were signed out. Sign in with the new key.';
    case 'role-changed':
      return 'An admin changed your role, so you were signed out. Sign in again.';
    case 'crm-user-changed':
      return 'An admin changed the CRM user of your agent account, so you were signed out. Sign in again.';
    case 'signed-out':
      return 'You signed out in another tab or window, which signs you out everywhere. Sign in again to use the phone here.';
    default:
      return 'An admin signed you out. Sign in again.';
  }
}
