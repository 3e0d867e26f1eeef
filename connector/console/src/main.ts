import './console.css';
import { createConsoleApi, isSignedOut, signedOutMessage } from './console-api.js';
import { ApiError } from './console-context.js';
import { h } from './dom.js';
import { messageOf } from './refusal-view.js';
import { renderShell } from './shell.js';
import { checkAdminAccess, renderSignIn } from './sign-in-page.js';
import { SessionKeeper, type Credential } from './session.js';
import { renderUnreachable } from './unreachable-page.js';

/**
 * The admin console's entry: the sign-in screen until an admin credential gets in, then the console. A credential
 * kept from before a reload (this tab's `sessionStorage`) is checked against the connector first; it is forgotten only
 * when the connector says it no longer gets in (expired, signed out elsewhere, disabled, no longer an admin), never
 * because the connector could not be reached. Whenever the connector says so, the console goes back to the sign-in
 * screen saying why. Signing out forgets the credential here only: ending an admin agent's session at the connector
 * would sign its softphone out too, and the session expires by itself.
 */
function start(root: HTMLElement): void {
  const session = new SessionKeeper(sessionStorage);
  let takeDown: (() => void) | null = null;

  const showSignIn = (say: { readonly message?: string; readonly notice?: string } = {}) => {
    takeDown?.();
    takeDown = null;
    session.clear();
    renderSignIn(root, { ...say, onSignedIn: (credential: Credential) => {
      session.set(credential);
      showConsole();
    } });
  };

  const showConsole = () => {
    const api = createConsoleApi({ session, onSignedOut: (error) => takeDown && showSignIn({ message: signedOutMessage(error) }) });
    takeDown = renderShell(root, { api, who: session.describe(), onSignOut: signOut });
  };

  const signOut = () => {
    const agentSession = session.current()?.kind === 'session';
    showSignIn({ notice: agentSession ? 'Signed out of the console. Your softphone stays signed in.' : 'You are signed out.' });
  };

  const checkKept = () => {
    session
      .bearer()
      .then(async (token) => {
        // No token: the session could not be refreshed and has ended; `onEnded` has shown the sign-in screen.
        if (token === null) return;
        await checkAdminAccess(token);
        showConsole();
      })
      .catch((error: unknown) => {
        if (isSignedOut(error)) showSignIn({ message: signedOutMessage(error as ApiError) });
        else renderUnreachable(root, { detail: error instanceof ApiError && error.status === 0 ? '' : messageOf(error), onRetry: checkKept, onSignOut: signOut });
      });
  };

  session.onEnded = (message) => showSignIn({ message });

  if (!session.current()) {
    showSignIn();
    return;
  }
  root.replaceChildren(h('main', { class: 'sign-in-page' }, h('p', { class: 'muted', text: 'Checking your sign-in…', attrs: { role: 'status' } })));
  checkKept();
}

start(document.getElementById('console') ?? document.body);
