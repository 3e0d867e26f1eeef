import { button, h, setText, uniqueId } from './dom.js';
import { KEYPAD_KEY, keypad } from './keypad.js';
import { recentCallsList } from './recent-calls-list.js';
import type { View } from './view.js';
import type { WidgetActions, WidgetState } from './widget-state.js';

/** Longest text the number field takes: a long international number with an extension, never a paste of a page. */
const MAX_NUMBER_LENGTH = 64;

/**
 * The idle screen: a number field (typed, pasted or built on the pad), the Call button, and this session's calls.
 * Enter in the field dials; digits typed while focus is on a pad key go to the field, so the pad works from the
 * keyboard alone.
 */
export function dialPadView(doc: Document, actions: WidgetActions): View {
  const inputId = uniqueId('number');
  const input = h(doc, 'input', {
    class: 'c2c-input c2c-number',
    attrs: { id: inputId, type: 'tel', inputmode: 'tel', autocomplete: 'off', maxlength: String(MAX_NUMBER_LENGTH), placeholder: '+1 415 555 2671' },
  });
  const erase = button(doc, '⌫', () => {
    input.value = input.value.slice(0, -1);
    input.focus();
  }, { class: 'c2c-erase', attrs: { 'aria-label': 'Delete last digit' } });
  const pad = keypad(doc, 'Dial pad', (key) => append(key));
  const call = h(doc, 'button', { class: 'c2c-primary c2c-call', text: 'Call', attrs: { type: 'submit' } });
  const recent = recentCallsList(doc, actions);
  let resolving = false;

  function append(text: string): void {
    input.value = (input.value + text).slice(0, MAX_NUMBER_LENGTH);
  }

  const form = h(
    doc,
    'form',
    { class: 'c2c-dial', attrs: { 'aria-label': 'Dial a number' } },
    h(doc, 'label', { class: 'c2c-label', text: 'Number to call', attrs: { for: inputId } }),
    h(doc, 'div', { class: 'c2c-row' }, input, erase),
    pad,
    call,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const number = input.value.trim();
    if (!number) {
      input.focus();
      return;
    }
    if (!resolving) actions.dial(number);
  });
  pad.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (KEYPAD_KEY.test(event.key) || event.key === '+') {
      event.preventDefault();
      append(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      input.value = input.value.slice(0, -1);
    }
  });

  return {
    root: h(doc, 'section', { class: 'c2c-screen c2c-dial-screen', attrs: { 'aria-label': 'Phone' } }, form, recent.root),
    update(state: WidgetState) {
      // A placed call empties the field; a refused number stays, so the agent can correct it.
      if (state.calls.some((c) => c.direction === 'outbound' && !c.consult)) input.value = '';
      resolving = state.resolving;
      call.setAttribute('aria-disabled', String(resolving));
      setText(call, resolving ? 'Checking number…' : 'Call');
      recent.update(state);
    },
    focusTarget: () => input,
  };
}
