import { callEventCount, waitForCallEvent } from '../../test/e2e/support/call-events.js';
import { openSignedInDemoPage, type E2eSystem } from '../../test/e2e/support/e2e-system.js';
import { callTimings, type CallTiming } from './call-timings.js';
import { farEndResult, startFarEnd, withFarEndAccount } from './far-end.js';
import { readPageTimeline } from './page-timeline.js';

/** The demo CRM record and the number on it that the agent clicks. */
const RECORD = { path: 'Contact/CON-0001', name: 'Maria Gonzalez', number: '+1 650-253-0000' } as const;
/** A pause between calls, so one call's teardown never overlaps the next one's setup. */
const SETTLE_MS = 200;

export interface ProductCalls {
  readonly calls: readonly CallTiming[];
  /** Click to the first animation frame after the widget's `answered` event (the panel painted), per call. */
  readonly clickToShownMs: readonly number[];
  readonly clockSkewMs: number;
}

/**
 * `count` calls as an agent makes them: on the demo CRM's record page, with the widget embedded, signed in and Ready,
 * a click on the record's number; the far end answers; the agent hangs up, skips the wrap-up, is Ready again, and
 * waits a moment before the next click.
 */
export async function productCalls(system: E2eSystem, count: number): Promise<ProductCalls> {
  const farEnd = await startFarEnd(system, count);
  const context = await system.newContext();
  try {
    const { page, phone, errors } = await openSignedInDemoPage(system, context, RECORD.path, RECORD.name);
    const link = page.getByRole('link', { name: RECORD.number });
    const callIds: string[] = [];
    let i = 0;
    try {
      for (; i < count; i++) {
        const after = await callEventCount(page);
        await link.click();
        const { callId } = await waitForCallEvent(page, 'outgoing', { after });
        await waitForCallEvent(page, 'answered', { callId, after });
        await phone.hangUp();
        await waitForCallEvent(page, 'ended', { callId, after });
        await phone.skipWrapUp();
        await phone.waitForStatus(/^Ready$/);
        await page.waitForTimeout(SETTLE_MS);
        callIds.push(callId);
      }
    } catch (error) {
      // The notice line says why the widget did not dial (a policy or limit refusal, a connector error).
      const notice = await page.locator('.c2c-notice-text').innerText({ timeout: 1000 }).catch(() => '');
      const why = error instanceof Error ? error.message.slice(0, 300) : String(error);
      throw await withFarEndAccount(new Error(`product call ${i + 1} of ${count}: ${why}; the widget's notice: ${notice || 'none'}`), farEnd);
    }
    if (errors.length > 0) throw new Error(`the demo page threw: ${errors.join('; ')}`);
    const timeline = await readPageTimeline(page);
    const far = await farEndResult(farEnd);
    const answered = callIds.map((callId) => {
      const event = timeline.callEvents.find((e) => e.type === 'answered' && e.callId === callId);
      if (!event) throw new Error(`the page recorded no answered event for ${callId}`);
      return event;
    });
    const calls = callTimings(timeline, answered.map((e) => ({ callId: e.callId, establishedAt: e.at })), far.messages);
    return {
      calls,
      clickToShownMs: answered.map((e, i) => {
        if (e.shownAt === null) throw new Error(`no animation frame followed the answered event of ${e.callId}`);
        return e.shownAt - calls[i]!.clickAt;
      }),
      clockSkewMs: timeline.clockSkewMs,
    };
  } finally {
    await context.close();
    await farEnd.stop();
  }
}
