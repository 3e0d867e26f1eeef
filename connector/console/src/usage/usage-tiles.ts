import { h } from '../dom.js';
import { formatCount, formatHours, formatMinutes, formatRate } from './usage-format.js';
import type { UsageCounts } from './usage-report.js';

/**
 * The headline figures of a range, as tiles a manager reads at a glance: calls (with the inbound/outbound split),
 * answered, no-answer, busy and failed rates, talk time, average handling time and average talk time.
 */
export function usageTiles(totals: UsageCounts): HTMLElement {
  return h(
    'dl',
    { class: 'usage-tiles', attrs: { 'aria-label': 'Totals' } },
    tile('calls', 'Calls', formatCount(totals.calls), `${formatCount(totals.inbound)} inbound · ${formatCount(totals.outbound)} outbound`),
    tile('answered', 'Answered', formatRate(totals.rates.answered), callCount(totals.answered)),
    tile('no-answer', 'No answer', formatRate(totals.rates.noAnswer), callCount(totals.noAnswer)),
    tile('busy', 'Busy', formatRate(totals.rates.busy), callCount(totals.busy)),
    tile('failed', 'Failed', formatRate(totals.rates.failed), callCount(totals.failed)),
    tile('talk', 'Talk time', formatHours(totals.talkSeconds), 'h:mm:ss'),
    tile('aht', 'Average handling time', formatMinutes(totals.averageHandleSeconds), 'talk, hold and wrap-up, m:ss'),
    tile('average-talk', 'Average talk time', formatMinutes(totals.averageTalkSeconds), 'per answered call, m:ss'),
  );
}

function tile(name: string, label: string, value: string, note: string): HTMLElement {
  return h(
    'div',
    { class: 'usage-tile', attrs: { 'data-tile': name } },
    h('dt', { text: label }),
    h('dd', { class: 'usage-tile-value', text: value }),
    h('dd', { class: 'usage-tile-note', text: note }),
  );
}

/** `1 call`, `58 calls`. */
function callCount(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'call' : 'calls'}`;
}
