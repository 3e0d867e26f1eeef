import { partyName } from './call-format.js';
import { button, h, setText, uniqueId } from './dom.js';
import type { View } from './view.js';
import type { WidgetActions, WidgetState } from './widget-state.js';

/** Longest note the form takes; the CRM activity's description holds it. */
const MAX_NOTES = 2000;

/** After a call: the disposition (from the admin's list) and notes, saved to the call's CRM activity, or skipped. */
export function wrapUpView(doc: Document, actions: WidgetActions): View {
  const selectId = uniqueId('disposition');
  const notesId = uniqueId('notes');
  const summary = h(doc, 'p', { class: 'c2c-hint' });
  const more = h(doc, 'p', { class: 'c2c-hint' });
  const select = h(doc, 'select', { class: 'c2c-input', attrs: { id: selectId } });
  const notes = h(doc, 'textarea', { class: 'c2c-input c2c-notes', attrs: { id: notesId, rows: '4', maxlength: String(MAX_NOTES) } });
  const save = h(doc, 'button', { class: 'c2c-primary', text: 'Save', attrs: { type: 'submit' } });
  const skip = button(doc, 'Skip', () => actions.skipWrapUp());
  const form = h(
    doc,
    'form',
    { class: 'c2c-screen c2c-wrap-up', attrs: { 'aria-label': 'Wrap up the call' } },
    h(doc, 'h2', { class: 'c2c-title', text: 'Wrap up' }),
    summary,
    h(doc, 'label', { class: 'c2c-label', text: 'Disposition', attrs: { for: selectId } }),
    select,
    h(doc, 'label', { class: 'c2c-label', text: 'Notes', attrs: { for: notesId } }),
    notes,
    h(doc, 'div', { class: 'c2c-row' }, save, skip),
    more,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    actions.saveWrapUp(select.value === '' ? null : select.value, notes.value);
  });
  let shownCall: string | null = null;
  let shownDispositions: readonly string[] | null = null;

  return {
    root: form,
    update(state: WidgetState) {
      if (shownDispositions !== state.dispositions) {
        shownDispositions = state.dispositions;
        select.replaceChildren(
          h(doc, 'option', { text: 'No disposition', attrs: { value: '' } }),
          ...state.dispositions.map((d) => h(doc, 'option', { text: d, attrs: { value: d } })),
        );
      }
      const item = state.wrapUp;
      if (!item) return;
      if (shownCall !== item.callId) {
        shownCall = item.callId;
        select.value = '';
        notes.value = '';
      }
      const way = item.direction === 'inbound' ? 'from' : 'to';
      setText(summary, `Call ${way} ${partyName(item)}${item.name ? ` (${item.number})` : ''}: ${item.result}.`);
      const after = state.wrapUpsWaiting - 1;
      more.hidden = after <= 0;
      setText(more, after === 1 ? 'One more call waits for its wrap-up.' : `${after} more calls wait for their wrap-up.`);
    },
    focusTarget: () => select,
  };
}
