import { h } from '../dom.js';
import { NONE, formatCount, formatDecimal, formatHours, formatMinutes, formatRate } from './usage-format.js';
import type { UsageAgent } from './usage-report.js';

type Direction = 'ascending' | 'descending';

interface Column {
  readonly label: string;
  readonly numeric: boolean;
  /** What the column sorts by; null sorts last whichever the direction. */
  readonly key: (agent: UsageAgent) => string | number | null;
  readonly cell: (agent: UsageAgent) => Node | string;
}

const COLUMNS: readonly Column[] = [
  { label: 'Agent', numeric: false, key: (a) => (a.name ?? a.agentId).toLocaleLowerCase(), cell: agentCell },
  { label: 'Team', numeric: false, key: (a) => a.team?.toLocaleLowerCase() ?? null, cell: (a) => a.team ?? NONE },
  { label: 'Calls', numeric: true, key: (a) => a.calls, cell: (a) => formatCount(a.calls) },
  { label: 'Calls per active day', numeric: true, key: (a) => a.callsPerActiveDay, cell: (a) => formatDecimal(a.callsPerActiveDay) },
  { label: 'Answered', numeric: true, key: (a) => a.rates.answered, cell: (a) => formatRate(a.rates.answered) },
  { label: 'No answer', numeric: true, key: (a) => a.rates.noAnswer, cell: (a) => formatRate(a.rates.noAnswer) },
  { label: 'Busy', numeric: true, key: (a) => a.rates.busy, cell: (a) => formatRate(a.rates.busy) },
  { label: 'Failed', numeric: true, key: (a) => a.rates.failed, cell: (a) => formatRate(a.rates.failed) },
  { label: 'Talk time', numeric: true, key: (a) => a.talkSeconds, cell: (a) => formatHours(a.talkSeconds) },
  { label: 'Average handling time', numeric: true, key: (a) => a.averageHandleSeconds, cell: (a) => formatMinutes(a.averageHandleSeconds) },
];

/**
 * Usage per agent, one row each, sortable by any column: a header is a button, a second click reverses the order, and
 * the sorted header carries `aria-sort` so screen readers say how the table is ordered. Starts as the API orders it
 * (most calls first); text columns first sort A-Z, figures largest first.
 */
export function agentTable(agents: readonly UsageAgent[]): HTMLElement {
  let sortedBy = 2;
  let direction: Direction = 'descending';
  const headerCells = COLUMNS.map((column, i) => {
    const button = h('button', { class: 'usage-sort', text: column.label, attrs: { type: 'button' } });
    button.addEventListener('click', () => {
      direction = sortedBy === i ? (direction === 'ascending' ? 'descending' : 'ascending') : column.numeric ? 'descending' : 'ascending';
      sortedBy = i;
      render();
    });
    return h('th', { class: column.numeric ? 'usage-num' : '', attrs: { scope: 'col' } }, button);
  });
  const body = h('tbody');
  const render = () => {
    headerCells.forEach((cell, i) => {
      if (i === sortedBy) cell.setAttribute('aria-sort', direction);
      else cell.removeAttribute('aria-sort');
    });
    const column = COLUMNS[sortedBy]!;
    const rows = [...agents].sort((a, b) => compare(column.key(a), column.key(b), direction) || a.agentId.localeCompare(b.agentId));
    body.replaceChildren(
      ...rows.map((agent) =>
        h(
          'tr',
          { attrs: { 'data-agent': agent.agentId } },
          ...COLUMNS.map((col, i) =>
            i === 0 ? h('th', { attrs: { scope: 'row' } }, col.cell(agent)) : h('td', { class: col.numeric ? 'usage-num' : '' }, col.cell(agent)),
          ),
        ),
      ),
    );
  };
  render();
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: 'data usage-table usage-agent-table' }, h('caption', { text: 'Calls per agent' }), h('thead', {}, h('tr', {}, ...headerCells)), body),
  );
}

function compare(a: string | number | null, b: string | number | null, direction: Direction): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return direction === 'ascending' ? order : -order;
}

/** The agent's name with its id beneath; an agent deleted since shows its id and says so. */
function agentCell(agent: UsageAgent): Node {
  return agent.name === null
    ? h('span', { class: 'usage-agent' }, h('span', { text: agent.agentId }), h('span', { class: 'usage-agent-id', text: 'deleted agent' }))
    : h('span', { class: 'usage-agent' }, h('span', { text: agent.name }), h('span', { class: 'usage-agent-id', text: agent.agentId }));
}
