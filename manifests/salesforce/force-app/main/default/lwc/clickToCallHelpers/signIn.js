import POPUP_BLOCKED from '@salesforce/label/c.ClickToCall_SignInPopupBlocked';
import POPUP_CLOSED from '@salesforce/label/c.ClickToCall_SignInClosed';
import SIGN_IN_FAILED from '@salesforce/label/c.ClickToCall_SignInFailed';
import TIMED_OUT from '@salesforce/label/c.ClickToCall_SignInTimeout';
import { CONNECTOR_URL } from 'c/clickToCallConfig';
import { toAgentSession } from './agentSession';
import { saveSession } from './sessionStore';

const SESSION_MESSAGE = 'click-to-call:session';
const SIGN_IN_ERROR_MESSAGE = 'click-to-call:sign-in-error';
const POPUP_NAME = 'click-to-call-sign-in';
const POPUP_FEATURES = 'popup,width=520,height=640';
const CLOSED_CHECK_MS = 500;
// The connector's sign-in state lasts ten minutes; a popup left open longer cannot finish.
const TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Signs the agent in to the connector with its Salesforce account, in a popup: the connector's
 * `/auth/salesforce/start?return=<this page's origin>` runs Salesforce's OAuth sign-in and its callback page posts the
 * session back with `postMessage`. No cookie is involved, so it works from a Lightning page of another site.
 *
 * Promises:
 * - The popup is opened before this returns: call it from the click itself, or the browser blocks it.
 * - Only a message from the connector's origin is read, and only its `click-to-call:session` and
 *   `click-to-call:sign-in-error` types; everything else the page receives is left alone.
 * - Resolves with the session, already kept for this tab (`currentToken()` hands it out); rejects with an `Error`
 *   whose message says what happened when the popup is blocked, closed before signing in, left open past the
 *   connector's ten minutes, or reports a failed sign-in (the connector's own words).
 */
export function signIn() {
    const connectorOrigin = new URL(CONNECTOR_URL).origin;
    const url = `${CONNECTOR_URL}/auth/salesforce/start?return=${encodeURIComponent(window.location.origin)}`;
    const popup = window.open(url, POPUP_NAME, POPUP_FEATURES);
    if (!popup) {
        return Promise.reject(new Error(POPUP_BLOCKED));
    }
    return new Promise((resolve, reject) => {
        let poll = null;
        let closedChecks = 0;
        const deadline = setTimeout(() => {
            popup.close();
            finish(new Error(TIMED_OUT));
        }, TIMEOUT_MS);

        function onMessage(event) {
            if (event.origin !== connectorOrigin) {
                return;
            }
            const data = event.data;
            if (data?.type === SESSION_MESSAGE) {
                const session = toAgentSession(data);
                if (session) {
                    saveSession(session);
                }
                finish(session ?? new Error(SIGN_IN_FAILED));
            } else if (data?.type === SIGN_IN_ERROR_MESSAGE) {
                finish(new Error(typeof data.message === 'string' && data.message ? data.message : SIGN_IN_FAILED));
            }
        }

        function check() {
            // One more round once the popup is closed: its last message may still be on its way.
            if (popup.closed && ++closedChecks > 1) {
                finish(new Error(POPUP_CLOSED));
                return;
            }
            poll = setTimeout(check, CLOSED_CHECK_MS);
        }

        function finish(outcome) {
            window.removeEventListener('message', onMessage);
            clearTimeout(deadline);
            clearTimeout(poll);
            if (outcome instanceof Error) {
                reject(outcome);
            } else {
                resolve(outcome);
            }
        }

        window.addEventListener('message', onMessage);
        poll = setTimeout(check, CLOSED_CHECK_MS);
    });
}
