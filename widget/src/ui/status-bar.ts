import { button, h, setText } from './dom.js';
import type { WidgetActions, WidgetState } from './widget-state.js';

/** The registration state in a word or two, and the phone's problem when it failed or reconnects. */
export function registrationStatus(state: WidgetState): { readonly headline: string; readonly detail: string | null } {
  if (state.session === 'signed-out' || state.session === 'signing-in') return { headline: 'Signed out', detail: null };
  if (state.session === 'no-phone') return { headline: 'Phone not available', detail: null };
  switch (state.registration) {
    case 'registered':
      return { headline: 'Ready', detail: null };
    case 'connecting':
      return { headline: 'Connecting…', detail: null };
    case 'reconnecting':
      return { headline: 'Reconnecting…', detail: state.registrationMessage };
    case 'failed':
      return { headline: 'Not connected:', detail: state.registrationMessage ?? 'the phone could not register.' };
    case 'unregistered':
      return { headline: 'Not connected', detail: null };
  }
}

/** The same as one line, as the status region reads it. */
export function registrationText(state: WidgetState): string {
  const { headline, detail } = registrationStatus(state);
  return detail ? `${headline} ${detail}` : headline;
}

/**
 * The panel's top line: the registration state (a polite live region, so a lost connection is heard), the agent,
 * and the settings and sign-out buttons once signed in.
 */
export function statusBar(doc: Document, actions: WidgetActions): { root: HTMLElement; update(state: WidgetState): void } {
  const dot = h(doc, 'span', { class: 'c2c-dot', attrs: { 'aria-hidden': 'true' } });
  const text = h(doc, 'span', { class: 'c2c-status-text' });
  const detail = h(doc, 'span', { class: 'c2c-status-detail' });
  const agent = h(doc, 'span', { class: 'c2c-agent' });
  const settings = button(doc, 'Devices', () => actions.openSettings(), { class: 'c2c-small', attrs: { 'aria-label': 'Audio devices' } });
  const signOut = button(doc, 'Sign out', () => actions.signOut(), { class: 'c2c-small' });
  const root = h(
    doc,
    'header',
    { class: 'c2c-header' },
    h(doc, 'p', { class: 'c2c-status', attrs: { role: 'status' } }, dot, text, detail),
    agent,
    h(doc, 'div', { class: 'c2c-header-actions' }, settings, signOut),
  );
  return {
    root,
    update(state: WidgetState) {
      const status = registrationStatus(state);
      setText(text, status.headline);
      // A space keeps the region's text one readable sentence: "Not connected: The server refused…".
      setText(detail, status.detail ? ` ${status.detail}` : '');
      detail.hidden = status.detail === null;
      dot.dataset['state'] = state.session === 'ready' ? state.registration : 'unregistered';
      setText(agent, state.agentName ?? '');
      agent.hidden = !state.agentName;
      settings.hidden = state.session !== 'ready';
      settings.setAttribute('aria-pressed', String(state.settingsOpen));
      signOut.hidden = state.session !== 'ready' && state.session !== 'no-phone';
    },
  };
}

/** The last notice (a refused number, a failed control), assertive when it is an error, with a Dismiss button. */
export function noticeBar(doc: Document, actions: WidgetActions): { root: HTMLElement; update(state: WidgetState): void } {
  const text = h(doc, 'p', { class: 'c2c-notice-text' });
  const dismiss = button(doc, '×', () => actions.dismissNotice(), { class: 'c2c-small', attrs: { 'aria-label': 'Dismiss message' } });
  const box = h(doc, 'div', { class: 'c2c-notice' }, text, dismiss);
  const root = h(doc, 'div', { class: 'c2c-notice-region', attrs: { 'aria-live': 'assertive', 'aria-atomic': 'true' } }, box);
  return {
    root,
    update(state: WidgetState) {
      box.hidden = state.notice === null;
      box.dataset['tone'] = state.notice?.tone ?? 'info';
      setText(text, state.notice?.text ?? '');
    },
  };
}
