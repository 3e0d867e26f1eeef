import { randomBytes } from 'node:crypto';
import { ERROR_CATALOGUE, type ErrorCode } from '../../errors/app-error.js';
import type { AgentRole } from '../../store/store.js';

/** What a CRM sign-in ended in: a session for the widget, or an error it shows. */
export type SignInOutcome =
  | {
      readonly kind: 'session';
      readonly token: string;
      /** ISO 8601, as `POST /auth/local` answers them. */
      readonly expiresAt: string;
      readonly refreshUntil: string;
      readonly agent: { readonly id: string; readonly name: string; readonly role: AgentRole };
    }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly message: string };

/** A page ready to send: its status, its headers (its CSP carries the script's nonce) and its HTML. */
export interface SignInPage {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly html: string;
}

/** The `type` of the messages the page posts; the widget listens for exactly these. */
export const SESSION_MESSAGE = 'click-to-call:session';
export const SIGN_IN_ERROR_MESSAGE = 'click-to-call:sign-in-error';

/**
 * The page the sign-in popup ends on. With a `returnOrigin` (one the connector trusts: its own, or a configured CRM
 * origin), its one inline script posts the outcome to `window.opener` with exactly that `targetOrigin` (a session:
 * `{type: 'click-to-call:session', token, expiresAt, refreshUntil, agent}`; a failure: `{type:
 * 'click-to-call:sign-in-error', code, message}`) and closes the window. Without an opener (the softphone was closed,
 * or the page was opened directly) it stays open; without a `returnOrigin` it has no script at all. Either way it
 * shows, in words, what happened and what to do.
 *
 * Promises: a CSP allowing nothing but that script (by a fresh nonce) and the page's own style, not framable;
 * `no-store` (the page may hold a session token); no cookies; every value is escaped for where it is written.
 */
export function signInResultPage(args: { outcome: SignInOutcome; returnOrigin: string | null; crmLabel: string | null }): SignInPage {
  const { outcome, returnOrigin } = args;
  const nonce = randomBytes(16).toString('base64');
  const heading = outcome.kind === 'session' ? 'You are signed in' : 'Signing in did not work';
  const text =
    outcome.kind === 'session'
      ? `Signed in${args.crmLabel ? ` with ${args.crmLabel}` : ''} as ${outcome.agent.name}. This window closes by itself; if it stays open, close it and go back to the softphone.`
      : outcome.message;
  const script =
    returnOrigin === null ? '' : `<script nonce="${nonce}">${postScript(message(outcome), returnOrigin, outcome.kind === 'session')}</script>`;
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(heading)}</title>`,
    `<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:32rem;color:#1b1b1b}h1{font-size:1.25rem}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(heading)}</h1>`,
    `<p id="status" role="status">${escapeHtml(text)}</p>`,
    script,
    '</body></html>',
  ].join('\n');
  return {
    status: outcome.kind === 'session' ? 200 : ERROR_CATALOGUE[outcome.code].status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      // The page must keep its `window.opener`: a stricter opener policy (helmet's default `same-origin`) would cut
      // the popup off from the softphone that opened it, which sits in a CRM's page of another origin.
      'Cross-Origin-Opener-Policy': 'unsafe-none',
      'X-Content-Type-Options': 'nosniff',
    },
    html,
  };
}

function message(outcome: SignInOutcome): Record<string, unknown> {
  if (outcome.kind === 'error') return { type: SIGN_IN_ERROR_MESSAGE, code: outcome.code, message: outcome.message };
  const { token, expiresAt, refreshUntil, agent } = outcome;
  return { type: SESSION_MESSAGE, token, expiresAt, refreshUntil, agent: { id: agent.id, name: agent.name, role: agent.role } };
}

/** Posts and closes; without an opener, a session cannot be handed over, and the page says so (an error stays shown). */
function postScript(data: Record<string, unknown>, targetOrigin: string, isSession: boolean): string {
  const lost = 'The softphone that opened this window is gone, so signing in could not finish there. Close this window and sign in again from the softphone.';
  return [
    '(function () {',
    `  var message = ${scriptJson(data)};`,
    `  var origin = ${scriptJson(targetOrigin)};`,
    '  if (window.opener && !window.opener.closed) {',
    '    window.opener.postMessage(message, origin);',
    '    window.close();',
    ...(isSession ? ['  } else {', `    document.getElementById('status').textContent = ${scriptJson(lost)};`] : []),
    '  }',
    '})();',
  ].join('\n');
}

/** JSON that cannot end the script element or start markup: `<`, `>`, `&` and the JavaScript line separators escaped. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
