import type { DeadLetter, OutboxAnswer, WaitingEntry } from './api-types.js';
import type { ConsolePage } from './console-context.js';
import { button, h, replaceChildren, row, table } from './dom.js';
import { ago, count, duration, plural, timeElement } from './format.js';
import { messageOf } from './refusal-view.js';
import { refreshWhileVisible } from './refresh-while-visible.js';

/** How often the outbox is read again while shown. */
const REFRESH_MS = 10_000;

/**
 * The outbox of call logs on their way to the CRM: tiles with the pending, delivered and dead counts and how long the
 * oldest pending log has waited; the logs waiting (a failed one, tried and refused for now, is highlighted); and the
 * dead letters, each with a Replay button that queues it again. Read again every 10 s while the tab is visible; an
 * answer to an older read is dropped.
 */
export const renderOutboxPage: ConsolePage = (root, ctx) => {
  let disposed = false;
  let request = 0;
  const tiles = h('div', { class: 'tiles' });
  const waiting = table('Waiting for the CRM', ['Call', 'Attempts', 'Last error', 'Next attempt', 'Waiting since'], { captionHidden: true });
  const dead = table('Dead letters', ['Call', 'Subject', 'Attempts', 'Error', 'Replay'], { captionHidden: true });
  const updated = h('p', { class: 'muted small' });

  const load = async (): Promise<void> => {
    const mine = ++request;
    try {
      const answer = await ctx.api.get<OutboxAnswer>('/api/v1/admin/outbox');
      if (disposed || mine !== request) return;
      render(answer);
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`;
    } catch (error) {
      if (!disposed && mine === request) ctx.notify(messageOf(error), 'error');
    }
  };

  const render = (answer: OutboxAnswer) => {
    replaceChildren(
      tiles,
      tile('Pending', count(answer.pending)),
      tile('Delivered', count(answer.delivered)),
      tile('Dead', count(answer.dead), answer.dead > 0 ? 'alert' : undefined),
      tile('Oldest pending', answer.pending > 0 ? duration(answer.oldestPendingAgeMs) : '—'),
    );
    const waitingRows = answer.waiting ?? [];
    replaceChildren(waiting.body, ...(waitingRows.length > 0 ? waitingRows.map(waitingRow) : [emptyRow('Nothing is waiting: every log reached the CRM.', 5)]));
    replaceChildren(dead.body, ...(answer.deadLetters.length > 0 ? answer.deadLetters.map(deadRow) : [emptyRow('No dead letters.', 5)]));
  };

  const waitingRow = (entry: WaitingEntry) => {
    const failed = entry.attempts > 0;
    return row(
      [
        h('code', { text: entry.callId }),
        failed ? h('span', { class: 'badge badge-warn', text: `${entry.attempts} failed` }) : '0',
        entry.lastError ?? '—',
        timeElement(entry.nextAttemptAt),
        h('span', {}, timeElement(entry.pendingSince), ` (${ago(entry.pendingSince)})`),
      ],
      { class: failed ? 'is-failed' : undefined },
    );
  };

  const deadRow = (letter: DeadLetter) => {
    const replay = button('Replay', () => {
      replay.disabled = true;
      ctx.api
        .send('POST', `/api/v1/admin/outbox/dead-letters/${encodeURIComponent(letter.callId)}/replay`)
        .then(() => {
          ctx.notify(`Call ${letter.callId} is queued for the CRM again.`);
          return load();
        })
        .catch((error: unknown) => {
          replay.disabled = false;
          ctx.notify(messageOf(error), 'error');
        });
    }, { attrs: { 'aria-label': `Replay ${letter.callId}` } });
    return row([h('code', { text: letter.callId }), letter.log?.subject ?? '—', plural(letter.attempts, 'attempt'), letter.lastError ?? '—', replay]);
  };

  root.append(
    h('div', { class: 'page-head' }, h('h1', { text: 'Outbox' })),
    h('p', { class: 'muted', text: 'Call logs on their way to the CRM. A dead letter is a log the CRM refused for good; fix the cause, then replay it.' }),
    tiles,
    h('h2', { text: 'Waiting' }),
    h('div', { class: 'table-wrap' }, waiting.table),
    h('h2', { text: 'Dead letters' }),
    h('div', { class: 'table-wrap' }, dead.table),
    updated,
  );
  void load();
  const stopRefresh = refreshWhileVisible(() => void load(), REFRESH_MS);
  return () => {
    disposed = true;
    stopRefresh();
  };
};

function tile(label: string, value: string, tone?: 'alert'): HTMLElement {
  return h('div', { class: tone ? `tile tile-${tone}` : 'tile' }, h('p', { class: 'tile-label', text: label }), h('p', { class: 'tile-value', text: value }));
}

function emptyRow(text: string, columns: number): HTMLTableRowElement {
  return h('tr', {}, h('td', { class: 'empty', text, attrs: { colspan: String(columns) } }));
}
