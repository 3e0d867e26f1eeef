import type { AuditEntryView } from './api-types.js';
import type { ConsolePage } from './console-context.js';
import { button, h, row, table } from './dom.js';
import { timeElement } from './format.js';
import { messageOf } from './refusal-view.js';

const PAGE_SIZE = 50;

/**
 * The audit log, newest first, 50 entries at a time; "Older entries" reads the next 50 before the last one shown
 * (`before`, by entry id, so entries of the same millisecond are never skipped) and adds them below.
 */
export const renderAuditPage: ConsolePage = (root, ctx) => {
  let disposed = false;
  let oldest: number | null = null;
  const grid = table('Audit log, newest first', ['Time', 'Actor', 'Action', 'Target', 'Outcome', 'Details'], { captionHidden: true });
  const more = button('Older entries', () => void load());
  more.hidden = true;
  const end = h('p', { class: 'muted small' });

  const load = async (): Promise<void> => {
    more.disabled = true;
    try {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(oldest === null ? {} : { before: String(oldest) }) });
      const { entries } = await ctx.api.get<{ entries: AuditEntryView[] }>(`/api/v1/admin/audit?${query}`);
      if (disposed) return;
      if (oldest === null && entries.length === 0) {
        grid.body.append(h('tr', {}, h('td', { class: 'empty', text: 'Nothing has been audited yet.', attrs: { colspan: '6' } })));
      }
      grid.body.append(...entries.map(entryRow));
      oldest = entries.at(-1)?.id ?? oldest;
      more.hidden = entries.length < PAGE_SIZE;
      end.textContent = entries.length < PAGE_SIZE && oldest !== null ? 'That is the oldest entry.' : '';
    } catch (error) {
      if (!disposed) ctx.notify(messageOf(error), 'error');
    } finally {
      more.disabled = false;
    }
  };

  root.append(h('div', { class: 'page-head' }, h('h1', { text: 'Audit log' })), h('div', { class: 'table-wrap' }, grid.table), h('div', { class: 'actions' }, more), end);
  void load();
  return () => {
    disposed = true;
  };
};

function entryRow(entry: AuditEntryView): HTMLTableRowElement {
  const details = Object.keys(entry.details ?? {}).length > 0 ? JSON.stringify(entry.details) : '';
  return row(
    [
      timeElement(entry.at),
      entry.actor,
      h('code', { text: entry.action }),
      entry.target ?? '—',
      entry.outcome === 'ok' ? 'OK' : h('span', { class: 'badge badge-warn', text: 'Refused' }),
      h('code', { class: 'details', text: details }),
    ],
    { class: entry.outcome === 'refused' ? 'is-refused' : undefined },
  );
}
