import { describeCall, partyName } from './call-format.js';
import { focusedCall } from './choose-screen.js';
import { button, h, setText } from './dom.js';
import { KEYPAD_KEY, keypad } from './keypad.js';
import { transferForm } from './transfer-form.js';
import type { View } from './view.js';
import type { CallItem, WidgetActions, WidgetState } from './widget-state.js';

/**
 * The in-call panel: who, the live timer, mute, hold/resume, the DTMF keypad, transfer and hang up, and the other
 * calls of this phone (held, or a consultation) with a button to switch to each.
 */
export function callPanelView(doc: Document, actions: WidgetActions, now: () => number): View & { tick(): void } {
  let current: CallItem | null = null;
  const act = (f: (call: CallItem) => void) => () => {
    if (current) f(current);
  };

  const name = h(doc, 'p', { class: 'c2c-party' });
  const number = h(doc, 'p', { class: 'c2c-party-number' });
  const status = h(doc, 'p', { class: 'c2c-call-status', attrs: { 'aria-live': 'off' } });
  const mute = button(doc, 'Mute', act((c) => actions.setMuted(c.callId, !c.muted)), { class: 'c2c-control', attrs: { 'aria-pressed': 'false' } });
  const hold = button(doc, 'Hold', act((c) => (c.onHold ? actions.resume(c.callId) : actions.hold(c.callId))), { class: 'c2c-control', attrs: { 'aria-pressed': 'false' } });
  const keys = keypad(doc, 'Keypad: sends tones to the call', (key) => current && actions.sendDtmf(current.callId, key));
  keys.hidden = true;
  const keypadToggle = button(doc, 'Keypad', () => {
    keys.hidden = !keys.hidden;
    keypadToggle.setAttribute('aria-expanded', String(!keys.hidden));
    if (!keys.hidden) keys.querySelector<HTMLButtonElement>('button')?.focus();
  }, { class: 'c2c-control', attrs: { 'aria-expanded': 'false' } });
  const transferToggle = button(doc, 'Transfer', act((c) => actions.startTransfer(c.callId)), { class: 'c2c-control' });
  const transfer = transferForm(doc, actions);
  const others = h(doc, 'ul', { class: 'c2c-other-calls', attrs: { 'aria-label': 'Other calls' } });
  const hangup = button(doc, 'Hang up', act((c) => actions.hangup(c.callId)), { class: 'c2c-danger c2c-hangup' });
  let othersKey = '';

  keys.addEventListener('keydown', (event) => {
    if (!current || event.ctrlKey || event.metaKey || event.altKey || !KEYPAD_KEY.test(event.key)) return;
    event.preventDefault();
    actions.sendDtmf(current.callId, event.key);
  });

  function otherItem(call: CallItem): HTMLElement {
    const who = partyName(call);
    const what = call.consult ? 'Transfer consultation' : call.onHold ? 'On hold' : describeCall(call, now());
    return h(
      doc,
      'li',
      {},
      h(doc, 'span', { class: 'c2c-other-who', text: `${who} · ${what}` }),
      button(doc, 'Switch', () => actions.switchTo(call.callId), { class: 'c2c-small', attrs: { 'aria-label': `Switch to ${who}` } }),
    );
  }

  const root = h(
    doc,
    'section',
    { class: 'c2c-screen c2c-call-panel', attrs: { 'aria-label': 'Call in progress' } },
    h(doc, 'div', { class: 'c2c-who' }, name, number, status),
    h(doc, 'div', { class: 'c2c-controls', attrs: { role: 'group', 'aria-label': 'Call controls' } }, mute, hold, keypadToggle, transferToggle),
    keys,
    transfer.root,
    others,
    hangup,
  );

  return {
    root,
    update(state: WidgetState) {
      current = focusedCall(state);
      if (!current) return;
      const c = current;
      const talking = c.state === 'established';
      setText(name, partyName(c));
      setText(number, c.name ? c.number : '');
      number.hidden = !c.name;
      setText(status, describeCall(c, now()));
      mute.disabled = !talking;
      mute.setAttribute('aria-pressed', String(c.muted));
      setText(mute, c.muted ? 'Unmute' : 'Mute');
      hold.disabled = !talking || c.consult;
      hold.setAttribute('aria-pressed', String(c.onHold));
      setText(hold, c.onHold ? 'Resume' : 'Hold');
      keypadToggle.disabled = !talking;
      if (!talking && !keys.hidden) {
        keys.hidden = true;
        keypadToggle.setAttribute('aria-expanded', 'false');
      }
      transferToggle.disabled = !talking || c.consult || state.transfer !== null;
      transfer.update(state);
      const list = state.calls.filter((other) => other.callId !== c.callId);
      const key = list.map((o) => `${o.callId}|${o.state}|${o.onHold}|${o.name}|${o.consult}`).join('\n');
      if (key !== othersKey) {
        othersKey = key;
        others.replaceChildren(...list.map(otherItem));
      }
      others.hidden = list.length === 0;
      setText(hangup, c.consult ? 'Hang up consultation' : 'Hang up');
    },
    tick() {
      if (current) setText(status, describeCall(current, now()));
    },
    focusTarget: () => hangup,
  };
}
