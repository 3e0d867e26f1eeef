/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { pollFor } from './poll.js';

/** One `clicktocall:call` event as the host page received it, with the page's clock at that moment. */
export interface RecordedCallEvent {
  readonly type: 'outgoing' | 'incoming' | 'answered' | 'ended' | 'completed' | 'logged';
  readonly callId: string;
  readonly at: number;
  readonly call?: {
    readonly direction: 'inbound' | 'outbound';
    readonly state: string;
    readonly answeredAt: number | null;
    readonly endedAt: number | null;
    readonly end: { readonly cause: string; readonly sipStatus: number | null } | null;
  };
  readonly record?: { readonly objectType: string; readonly id: string } | null;
  readonly matches?: readonly { readonly objectType: string; readonly id: string; readonly name: string | null }[];
}

/**
 * Makes every page of the context keep the `clicktocall:call` events the embedded widget dispatches on `window`, as
 * any host page may listen to them (widget/src/hosts/page/click-to-call-api.ts).
 */
export async function installCallEventRecorder(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    const events = [];
    window.__callEvents = events;
    // The widget hands the host its live call objects: copy the fields a test reads, at the moment of the event.
    const copy = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
    window.addEventListener('clicktocall:call', (event) => {
      const d = event.detail;
      const call = d.call && {
        direction: d.call.direction, state: d.call.state, answeredAt: d.call.answeredAt, endedAt: d.call.endedAt, end: copy(d.call.end),
      };
      events.push({ type: d.type, callId: d.callId ?? d.call?.callId, at: Date.now(), call, record: copy(d.record), matches: copy(d.matches) });
    });
  })();`);
}

export function callEvents(page: Page): Promise<RecordedCallEvent[]> {
  return page.evaluate(() => (window as unknown as { __callEvents: RecordedCallEvent[] }).__callEvents);
}

/** How many events the page recorded so far: pass it as `after` to wait only for what happens next. */
export async function callEventCount(page: Page): Promise<number> {
  return (await callEvents(page)).length;
}

/**
 * The first recorded event of `type` (for `callId`, when given; among the events after the first `after`, when
 * given), waiting up to `timeout` ms for it.
 */
export async function waitForCallEvent(
  page: Page,
  type: RecordedCallEvent['type'],
  options: { callId?: string; after?: number; timeout?: number } = {},
): Promise<RecordedCallEvent> {
  return pollFor(
    `'${type}' call event`,
    async () => {
      const events = (await callEvents(page)).slice(options.after ?? 0);
      return events.find((e) => e.type === type && (options.callId === undefined || e.callId === options.callId));
    },
    { timeoutMs: options.timeout ?? 15_000, describe: async () => JSON.stringify(await callEvents(page)) },
  );
}
