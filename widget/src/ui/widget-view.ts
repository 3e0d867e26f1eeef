import { callPanelView } from './call-panel-view.js';
import { chooseScreen, ringingCall, type Screen } from './choose-screen.js';
import { deviceSettingsView } from './device-settings-view.js';
import { dialPadView } from './dial-pad-view.js';
import { h, setText } from './dom.js';
import { incomingAnnouncement, incomingView } from './incoming-view.js';
import { noPhoneView, signInView } from './sign-in-view.js';
import { noticeBar, statusBar } from './status-bar.js';
import type { View } from './view.js';
import type { WidgetActions, WidgetState } from './widget-state.js';
import { injectStyles, ROOT_CLASS } from './widget-styles.js';
import { wrapUpView } from './wrap-up-view.js';

export interface WidgetViewOptions {
  /**
   * `always` (the widget is the page: Salesforce's utility bar, HubSpot's frame, `/widget/`) moves focus to Answer on
   * every incoming call. `inside` (embedded in someone else's page) does so only when focus is already in the widget
   * or nowhere, so a ringing call never steals keystrokes the agent is typing into the CRM.
   */
  readonly focusIncoming: 'always' | 'inside';
  /** Called when the agent must look at the panel: a call rings or starts, or a notice appears. */
  readonly onAttention?: (why: 'call' | 'notice') => void;
  readonly now?: () => number;
}

export interface WidgetView {
  readonly root: HTMLElement;
  render(state: WidgetState): void;
  /** Moves focus to the shown screen's first field or main action (the agent opened the panel). */
  focus(): void;
  destroy(): void;
}

/**
 * The visible softphone: a header with the registration state, a notice line, and one screen at a time (see
 * `chooseScreen`). It is dumb: it renders the state it is given and calls `actions`; it holds only what the DOM must
 * (typed text, which keypad is open).
 */
export function createWidgetView(container: HTMLElement, actions: WidgetActions, options: WidgetViewOptions): WidgetView {
  const doc = container.ownerDocument;
  const win = doc.defaultView;
  const now = options.now ?? (() => Date.now());
  injectStyles(doc);
  const header = statusBar(doc, actions);
  const notice = noticeBar(doc, actions);
  const call = callPanelView(doc, actions, now);
  const screens: Record<Screen, View> = {
    'sign-in': signInView(doc, actions),
    'no-phone': noPhoneView(doc, actions),
    settings: deviceSettingsView(doc, actions),
    incoming: incomingView(doc, actions),
    call,
    'wrap-up': wrapUpView(doc, actions),
    dial: dialPadView(doc, actions),
  };
  const announcer = h(doc, 'p', { class: 'c2c-visually-hidden', attrs: { 'aria-live': 'assertive', 'aria-atomic': 'true' } });
  const body = h(doc, 'div', { class: 'c2c-body' }, ...Object.values(screens).map((s) => s.root));
  const root = h(doc, 'div', { class: `${ROOT_CLASS} c2c-app` }, header.root, notice.root, body, announcer);
  for (const s of Object.values(screens)) s.root.hidden = true;
  container.append(root);

  let shown: Screen | null = null;
  let last: WidgetState | null = null;
  let noticeShown: WidgetState['notice'] = null;
  let timer: number | null = null;

  function focusIsOurs(): boolean {
    const active = doc.activeElement;
    return active === null || active === doc.body || root.contains(active);
  }

  return {
    root,
    render(state: WidgetState) {
      last = state;
      const screen = chooseScreen(state);
      const hadFocus = focusIsOurs();
      header.update(state);
      notice.update(state);
      for (const s of Object.values(screens)) s.update(state);
      const ringing = ringingCall(state);
      setText(announcer, ringing ? incomingAnnouncement(ringing) : '');
      if (screen !== shown) {
        if (shown) screens[shown].root.hidden = true;
        screens[screen].root.hidden = false;
        shown = screen;
        const mayFocus = screen === 'incoming' && options.focusIncoming === 'always' ? true : hadFocus;
        if (screen === 'incoming' || screen === 'call') options.onAttention?.('call');
        if (mayFocus) screens[screen].focusTarget(state)?.focus();
      }
      if (state.notice && state.notice !== noticeShown) options.onAttention?.('notice');
      noticeShown = state.notice;
      if (state.calls.length > 0 && timer === null && win) timer = win.setInterval(() => call.tick(), 1000);
      if (state.calls.length === 0 && timer !== null) {
        win?.clearInterval(timer);
        timer = null;
      }
    },
    focus() {
      if (shown && last) screens[shown].focusTarget(last)?.focus();
    },
    destroy() {
      if (timer !== null) win?.clearInterval(timer);
      root.remove();
    },
  };
}
