import { readAgentSession, type AgentSession, type CrmSignIn } from '../connector/agent-session.js';
import { browserTimers, type Timers } from '../connector/connector-ports.js';
import { SignInError } from './sign-in-error.js';

/** The window the widget runs in, as far as the popup sign-in uses it (tests give a fake). */
export interface PopupOpener {
  readonly location: { readonly origin: string };
  open(url: string, target: string, features: string): { readonly closed: boolean; close(): void } | null;
  addEventListener(type: 'message', listener: (event: PopupMessage) => void): void;
  removeEventListener(type: 'message', listener: (event: PopupMessage) => void): void;
}

/** The parts of a `MessageEvent` that say who sent it and what. */
export interface PopupMessage {
  readonly origin: string;
  readonly source: unknown;
  readonly data: unknown;
}

const CRM_NAMES: Record<CrmSignIn, string> = { salesforce: 'Salesforce', hubspot: 'HubSpot' };

/**
 * Signs the agent in with its CRM account in a popup: the connector's `/auth/<crm>/start` runs the CRM's OAuth sign-in
 * and its callback page posts the session back with `postMessage`. No cookie is involved, so it works in a
 * third-party frame (Salesforce's utility bar, HubSpot's calling window).
 *
 * Promises:
 * - The popup is opened before this returns: call it from the click itself, or the browser blocks it.
 * - Only a message from the connector's origin AND from the popup opened here is read; any other is ignored.
 * - Rejects with a `SignInError` saying what to do when the popup is blocked, closed before signing in, reports a
 *   failed sign-in, or is left open for `timeoutMs` (the connector's sign-in state lasts 10 minutes).
 */
export function signInWithPopup(args: {
  readonly crm: CrmSignIn;
  /** The connector's base URL (`https://cti.example.com`, or with a path prefix). */
  readonly connectorBase: string;
  readonly opener: PopupOpener;
  readonly timers?: Timers;
  readonly closedCheckMs?: number;
  readonly timeoutMs?: number;
}): Promise<AgentSession> {
  const { crm, opener } = args;
  const name = CRM_NAMES[crm];
  const base = args.connectorBase.replace(/\/+$/, '');
  const connectorOrigin = new URL(base).origin;
  const url = `${base}/auth/${crm}/start?return=${encodeURIComponent(opener.location.origin)}`;
  const popup = opener.open(url, 'click-to-call-sign-in', 'popup,width=520,height=640');
  if (!popup) {
    return Promise.reject(
      new SignInError('POPUP_BLOCKED', `Your browser blocked the ${name} sign-in window. Allow pop-ups for this page, then choose Sign in with ${name} again.`),
    );
  }
  const timers = args.timers ?? browserTimers;
  const checkMs = args.closedCheckMs ?? 500;
  return new Promise<AgentSession>((resolve, reject) => {
    let poll: unknown = null;
    let closedChecks = 0;
    const deadline = timers.setTimeout(() => {
      popup.close();
      finish(new SignInError('SIGN_IN_TIMEOUT', `The ${name} sign-in took too long. Choose Sign in with ${name} to try again.`));
    }, args.timeoutMs ?? 10 * 60_000);
    const onMessage = (event: PopupMessage) => {
      if (event.origin !== connectorOrigin || event.source !== popup) return;
      const data = event.data as { type?: unknown; code?: unknown; message?: unknown } | null;
      if (data?.type === 'click-to-call:session') {
        const session = readAgentSession(data);
        finish(session ?? new SignInError('BAD_RESPONSE', `The ${name} sign-in sent an answer the widget cannot read; ask your admin to check the connector.`));
      } else if (data?.type === 'click-to-call:sign-in-error') {
        const code = typeof data.code === 'string' ? data.code : 'SIGN_IN_FAILED';
        finish(new SignInError(code, typeof data.message === 'string' && data.message ? data.message : `The ${name} sign-in did not succeed.`));
      }
    };
    const check = () => {
      // One more round after the popup closed: its last message may still be on its way.
      if (popup.closed && ++closedChecks > 1) {
        finish(new SignInError('POPUP_CLOSED', `The ${name} sign-in window closed before you signed in. Choose Sign in with ${name} to try again.`));
        return;
      }
      poll = timers.setTimeout(check, checkMs);
    };
    function finish(outcome: AgentSession | SignInError): void {
      opener.removeEventListener('message', onMessage);
      timers.clearTimeout(deadline);
      if (poll !== null) timers.clearTimeout(poll);
      if (outcome instanceof SignInError) reject(outcome);
      else resolve(outcome);
    }
    opener.addEventListener('message', onMessage);
    poll = timers.setTimeout(check, checkMs);
  });
}
