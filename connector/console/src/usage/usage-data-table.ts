import { h } from '../dom.js';

/**
 * A table of figures: a caption, column headers, and rows whose first cell heads the row (`scope="row"`), so a
 * screen reader says "Tue 3 Nov, Answered, 12". Columns from `numericFrom` on are figures, right-aligned.
 */
export function dataTable(caption: string, headers: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): HTMLTableElement {
  const numeric = (i: number) => (i >= numericFrom ? 'usage-num' : undefined);
  return h(
    'table',
    { class: 'data usage-table' },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, ...headers.map((text, i) => h('th', { text, class: numeric(i), attrs: { scope: 'col' } })))),
    h(
      'tbody',
      {},
      ...rows.map((cells) =>
        h('tr', {}, ...cells.map((text, i) => (i === 0 ? h('th', { text, attrs: { scope: 'row' } }) : h('td', { text, class: numeric(i) })))),
      ),
    ),
  );
}
