import { partyName } from './call-format.js';
import { ringingCall } from './choose-screen.js';
import { button, h, setText } from './dom.js';
import type { View } from './view.js';
import type { CallItem, WidgetActions, WidgetState } from './widget-state.js';

/**
 * The ringing screen: who calls (the CRM name from the connector's reverse lookup once it answers, the number at
 * once), Answer and Decline. With a call in progress it says that answering holds it (call waiting).
 */
export function incomingView(doc: Document, actions: WidgetActions): View {
  let current: CallItem | null = null;
  const name = h(doc, 'p', { class: 'c2c-party' });
  const number = h(doc, 'p', { class: 'c2c-party-number' });
  const waiting = h(doc, 'p', { class: 'c2c-hint' });
  const answer = button(doc, 'Answer', () => current && actions.answer(current.callId), { class: 'c2c-primary c2c-answer' });
  const decline = button(doc, 'Decline', () => current && actions.decline(current.callId), { class: 'c2c-danger' });
  const root = h(
    doc,
    'section',
    { class: 'c2c-screen c2c-incoming', attrs: { 'aria-label': 'Incoming call' } },
    h(doc, 'p', { class: 'c2c-kicker', text: 'Incoming call' }),
    name,
    number,
    waiting,
    h(doc, 'div', { class: 'c2c-row c2c-answer-row' }, answer, decline),
  );
  return {
    root,
    update(state: WidgetState) {
      current = ringingCall(state);
      if (!current) return;
      setText(name, current.name ?? 'Unknown caller');
      setText(number, current.number);
      const busyWith = state.calls.find((c) => c.callId !== current?.callId && c.state === 'established' && !c.onHold);
      waiting.hidden = !busyWith;
      setText(waiting, busyWith ? `Answering puts ${partyName(busyWith)} on hold.` : '');
    },
    focusTarget: () => answer,
  };
}

/** The sentence the assertive live region says when a call starts ringing. */
export function incomingAnnouncement(call: CallItem): string {
  return call.name ? `Incoming call from ${call.name}, ${call.number}` : `Incoming call from ${call.number}`;
}
