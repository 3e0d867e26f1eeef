import { button, h, setText, uniqueId } from './dom.js';
import type { WidgetActions, WidgetState } from './widget-state.js';

/**
 * Transfer, both ways: "Transfer now" hands the call to the typed number at once (blind, REFER); "Talk first" calls
 * that number while the customer waits on hold, then "Complete transfer" joins them (attended, REFER with Replaces).
 */
export function transferForm(doc: Document, actions: WidgetActions): { root: HTMLElement; update(state: WidgetState): void } {
  const inputId = uniqueId('transfer');
  const input = h(doc, 'input', { class: 'c2c-input', attrs: { id: inputId, type: 'tel', inputmode: 'tel', autocomplete: 'off', maxlength: '64' } });
  const message = h(doc, 'p', { class: 'c2c-hint' });
  const number = () => input.value.trim();
  const blind = button(doc, 'Transfer now', () => number() && actions.transferBlind(number()), { class: 'c2c-primary' });
  const attended = button(doc, 'Talk first', () => number() && actions.transferAttended(number()));
  const cancel = button(doc, 'Cancel transfer', () => actions.cancelTransfer());
  const complete = button(doc, 'Complete transfer', () => actions.completeTransfer(), { class: 'c2c-primary' });
  const choosing = h(
    doc,
    'div',
    { class: 'c2c-transfer-choose' },
    h(doc, 'label', { class: 'c2c-label', text: 'Transfer to', attrs: { for: inputId } }),
    input,
    h(doc, 'div', { class: 'c2c-row c2c-wrap' }, blind, attended),
  );
  const root = h(
    doc,
    'form',
    { class: 'c2c-transfer', attrs: { 'aria-label': 'Transfer the call' } },
    choosing,
    message,
    h(doc, 'div', { class: 'c2c-row c2c-wrap' }, complete, cancel),
  );
  root.addEventListener('submit', (event) => {
    event.preventDefault();
    if (number()) actions.transferBlind(number());
  });
  let shownFor: string | null = null;

  return {
    root,
    update(state: WidgetState) {
      const t = state.transfer;
      root.hidden = t === null;
      if (!t) {
        shownFor = null;
        return;
      }
      if (shownFor !== t.callId) {
        shownFor = t.callId;
        input.value = '';
        queueMicrotask(() => input.focus());
      }
      const consulting = t.stage === 'consulting';
      choosing.hidden = consulting;
      const consult = state.calls.find((c) => c.callId === t.consultCallId);
      complete.hidden = !consulting;
      complete.disabled = consult?.state !== 'established';
      setText(message, consulting
        ? consult?.state === 'established'
          ? 'The customer is on hold. Complete the transfer when you are ready.'
          : 'Calling… the customer is on hold.'
        : '');
    },
  };
}
