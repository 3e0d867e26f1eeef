import { h } from '../dom.js';
import { dataTable } from './usage-data-table.js';
import { daysBetween, formatCount, formatDay } from './usage-format.js';
import type { UsageReport } from './usage-report.js';
import { refusalLabel } from './refusal-labels.js';

/** Past this many days a table of agents by day gets too wide to read; the CSV export has every call instead. */
export const AGENT_DAY_MAX_DAYS = 31;

/** Calls per agent per day: agents down, days across; a note instead when the range is longer than a month. */
export function agentDayTable(report: UsageReport, range: { readonly from: string; readonly to: string }): HTMLElement {
  if (daysBetween(range.from, range.to) > AGENT_DAY_MAX_DAYS) {
    return h('p', {
      class: 'usage-note',
      text: `Calls per agent per day are shown for ranges of up to ${AGENT_DAY_MAX_DAYS} days: narrow the range, or export the calls as CSV.`,
    });
  }
  const calls = new Map(report.byAgentDay.map((cell) => [`${cell.agentId}\n${cell.day}`, cell.calls]));
  const days = report.byDay.map((day) => day.day);
  const table = dataTable(
    'Calls per agent per day',
    ['Agent', ...days.map(formatDay)],
    report.byAgent.map((agent) => [agent.name ?? agent.agentId, ...days.map((day) => formatCount(calls.get(`${agent.agentId}\n${day}`) ?? 0))]),
  );
  table.classList.add('usage-agent-day-table');
  return h('div', { class: 'table-wrap' }, table);
}

/** Dials the connector refused, by reason in words (unknown codes as they are), most first. */
export function refusalTable(report: UsageReport): HTMLElement {
  if (report.refusals.length === 0) return h('p', { class: 'usage-note', text: 'No dials were refused in this range.' });
  return h(
    'div',
    { class: 'table-wrap' },
    dataTable(
      'Refused dials by reason',
      ['Reason', 'Code', 'Refused dials'],
      report.refusals.map((refusal) => [refusalLabel(refusal.code), refusal.code, formatCount(refusal.count)]),
      2,
    ),
  );
}
