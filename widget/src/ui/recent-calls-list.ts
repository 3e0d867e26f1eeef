import { formatDuration } from './call-format.js';
import { button, h } from './dom.js';
import type { RecentCall, WidgetActions, WidgetState } from './widget-state.js';

/** The session's finished calls, newest first; a click on one calls it back. Rebuilt only when the list changes. */
export function recentCallsList(doc: Document, actions: WidgetActions): { root: HTMLElement; update(state: WidgetState): void } {
  const list = h(doc, 'ul', { class: 'c2c-recent-list' });
  const empty = h(doc, 'p', { class: 'c2c-hint', text: 'Calls you make or take appear here.' });
  const root = h(
    doc,
    'section',
    { class: 'c2c-recent', attrs: { 'aria-label': 'Recent calls' } },
    h(doc, 'h2', { class: 'c2c-subtitle', text: 'Recent calls' }),
    empty,
    list,
  );
  let shown: readonly RecentCall[] | null = null;

  function item(call: RecentCall): HTMLElement {
    const who = call.name ?? call.number;
    const details = [call.direction === 'inbound' ? 'Inbound' : 'Outbound', call.result];
    if (call.durationS !== null) details.push(formatDuration(call.durationS));
    const back = button(doc, '', () => actions.callBack(call.callId), {
      class: 'c2c-recent-call',
      attrs: { 'aria-label': `Call back ${who}${call.name ? `, ${call.number}` : ''} (${details.join(', ')})` },
    });
    back.append(h(doc, 'span', { class: 'c2c-recent-who', text: who }));
    if (call.name) back.append(h(doc, 'span', { class: 'c2c-recent-number', text: call.number }));
    back.append(h(doc, 'span', { class: 'c2c-recent-details', text: details.join(' · ') }));
    return h(doc, 'li', {}, back);
  }

  return {
    root,
    update(state: WidgetState) {
      if (shown === state.recent) return;
      shown = state.recent;
      empty.hidden = state.recent.length > 0;
      list.replaceChildren(...state.recent.map(item));
    },
  };
}
