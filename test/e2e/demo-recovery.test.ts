/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { measureAudio } from './support/audio-probe.js';
import { callEventCount, waitForCallEvent } from './support/call-events.js';
import { waitForDemoActivity } from './support/demo-timeline.js';
import { callAgentFromPstn, openSignedInDemoPage, pstnFarEnd, useE2eSystem } from './support/e2e-system.js';

const MARIA = { objectType: 'Contact', id: 'CON-0001' } as const;
/** Short enough for a test, and three heartbeat intervals of the widget (it beats every 5 s at this setting). */
const HEARTBEAT_TIMEOUT_MS = 15_000;

describe('end to end: the system recovers from a SIP server restart and a tab closed mid-call', function () {
  this.timeout(120_000);
  const system = useE2eSystem({ crm: () => ({ kind: 'demo' }), heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS });
  let context: BrowserContext;

  before(async () => {
    context = await system.newContext();
  });

  it('re-registers by itself after Kamailio restarts: it rings for the next inbound call, and the next outbound call connects and is logged', async () => {
    const { page, phone, errors } = await openSignedInDemoPage(system, context, 'Contact/CON-0001', 'Maria Gonzalez');
    const restartedAt = Date.now();
    // Watch while it restarts: the widget may be Ready again soon after Kamailio is.
    const [lost] = await Promise.all([
      phone.waitForStatus(/^(?!Ready$)/, 10_000).then(async () => (await phone.status()).replace(/\s+/g, ' ')),
      system.stack.restart(),
    ]);
    await phone.waitForStatus(/^Ready$/, 30_000);
    const readyAfterMs = Date.now() - restartedAt;

    // Kamailio knows the agent again (it lost every registration): a call from the PSTN rings the widget.
    const ringsFrom = await callEventCount(page);
    const caller = await callAgentFromPstn(system, { scenario: 'uac-call-agent-cancel', caller: '+447911123456', pauseMs: 500 });
    const rang = await waitForCallEvent(page, 'incoming', { after: ringsFrom });
    await waitForCallEvent(page, 'ended', { callId: rang.callId });
    const callerResult = await caller.done;
    assert.equal(callerResult.successfulCalls, 1, callerResult.diagnostics);

    const farEnd = await pstnFarEnd(system, { scenario: 'uas-answer', rtpEcho: true });
    const after = await callEventCount(page);
    await page.getByRole('link', { name: '+1 650-253-0000' }).click();
    const outgoing = await waitForCallEvent(page, 'outgoing', { after });
    await waitForCallEvent(page, 'answered', { callId: outgoing.callId });
    const audio = await measureAudio(page, 1000);
    await phone.hangUp();
    await phone.skipWrapUp();
    await waitForCallEvent(page, 'logged', { callId: outgoing.callId, timeout: 20_000 });
    const activity = await waitForDemoActivity(system.connector, MARIA, outgoing.callId);
    console.log(
      `      after the restart the widget showed "${lost}", was Ready again ${readyAfterMs} ms after the restart began and rang for a PSTN call; ` +
        `next call: audio ${audio.sentPerSecond}/${audio.receivedPerSecond} packets/s, logged ${activity.result} ${activity.durationSeconds} s`,
    );
    assert.ok(audio.sentPerSecond >= 20 && audio.receivedPerSecond >= 20, `audio flows both ways (${JSON.stringify(audio)})`);
    assert.equal(activity.result, 'answered');
    const far = await farEnd.done;
    assert.equal(far.successfulCalls, 1, far.diagnostics);
    await page.close();
    assert.deepEqual(errors, []);
  });

  it('logs a call whose tab was closed mid-call once its heartbeats stop', async () => {
    const { page } = await openSignedInDemoPage(system, context, 'Contact/CON-0001', 'Maria Gonzalez');
    const farEnd = await pstnFarEnd(system, { scenario: 'uas-answer', rtpEcho: true });
    const after = await callEventCount(page);
    await page.getByRole('link', { name: '+1 650-253-0000' }).click();
    const outgoing = await waitForCallEvent(page, 'outgoing', { after });
    const answered = await waitForCallEvent(page, 'answered', { callId: outgoing.callId });
    // Talk past the first heartbeat (5 s), then close the tab without hanging up.
    await page.waitForTimeout(Math.max(0, 6500 - (Date.now() - answered.at)));
    const closedAt = Date.now();
    await page.close();

    const activity = await waitForDemoActivity(system.connector, MARIA, outgoing.callId, () => true, HEARTBEAT_TIMEOUT_MS + 15_000);
    const loggedAfterS = (Date.now() - closedAt) / 1000;
    const talkedBeforeCloseS = (closedAt - answered.call!.answeredAt!) / 1000;
    console.log(
      `      tab closed after ${talkedBeforeCloseS.toFixed(1)} s of talk; logged ${loggedAfterS.toFixed(1)} s later ` +
        `(heartbeat timeout ${HEARTBEAT_TIMEOUT_MS / 1000} s) as ${activity.direction} ${activity.result}, ${activity.durationSeconds} s`,
    );
    assert.equal(activity.direction, 'outbound');
    assert.equal(activity.result, 'answered', 'the talk happened, so the call counts as answered');
    // The duration runs to the call's last sign of life: a heartbeat at most one interval before the close.
    assert.ok(activity.durationSeconds >= 4 && activity.durationSeconds <= talkedBeforeCloseS + 1, `logged ${activity.durationSeconds} s`);
    assert.ok(loggedAfterS >= HEARTBEAT_TIMEOUT_MS / 1000 - 6, `not logged before the widget could have gone quiet (${loggedAfterS} s)`);
    await farEnd.stop();
  });
});
