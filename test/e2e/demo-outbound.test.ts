/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { measureAudio } from './support/audio-probe.js';
import { waitForCallEvent } from './support/call-events.js';
import { waitForDemoActivity } from './support/demo-timeline.js';
import { openSignedInDemoPage, pstnFarEnd, useE2eSystem } from './support/e2e-system.js';

const MARIA = { objectType: 'Contact', id: 'CON-0001' } as const;
const TALK_MS = 3000;

describe('end to end: an agent calls a customer from the demo CRM (Chromium, connector, Kamailio, rtpengine, sipp)', function () {
  this.timeout(120_000);
  const system = useE2eSystem({ crm: () => ({ kind: 'demo' }) });
  let context: BrowserContext;

  before(async () => {
    context = await system.newContext();
  });

  it('clicks a number on the record, talks with audio both ways, wraps up, and the activity lands on that record', async () => {
    const farEnd = await pstnFarEnd(system, { scenario: 'uas-answer', rtpEcho: true });
    const { page, phone, errors } = await openSignedInDemoPage(system, context, 'Contact/CON-0001', 'Maria Gonzalez');

    const clickedAt = Date.now();
    await page.getByRole('link', { name: '+1 650-253-0000' }).click();
    const outgoing = await waitForCallEvent(page, 'outgoing');
    const { callId } = outgoing;
    assert.deepEqual(outgoing.record && { objectType: outgoing.record.objectType, id: outgoing.record.id }, MARIA);
    const answered = await waitForCallEvent(page, 'answered', { callId });
    await phone.waitForCallPanel('Maria Gonzalez');

    const audio = await measureAudio(page, 1000);
    assert.ok(audio.sentPerSecond >= 20, `the customer hears the agent (${audio.sentPerSecond} packets/s sent)`);
    assert.ok(audio.receivedPerSecond >= 20, `the agent hears the customer (${audio.receivedPerSecond} packets/s received)`);
    await page.waitForTimeout(Math.max(0, TALK_MS - (Date.now() - answered.at)));
    await phone.hangUp();
    const hungUpAt = Date.now();
    const ended = await waitForCallEvent(page, 'ended', { callId });

    const notes = 'Wants a quote for 40 pallets by Friday';
    const disposition = await phone.wrapUp({ dispositionIndex: 1, notes });
    const logged = await waitForCallEvent(page, 'logged', { callId, timeout: 20_000 });
    const activity = await waitForDemoActivity(system.connector, MARIA, callId, (a) => a.notes !== null);

    const talkedS = (ended.call!.endedAt! - ended.call!.answeredAt!) / 1000;
    console.log(
      `      click to answered ${answered.at - clickedAt} ms; audio ${audio.sentPerSecond} packets/s sent, ${audio.receivedPerSecond} received; ` +
        `talked ${talkedS.toFixed(2)} s, logged ${activity.durationSeconds} s; wrap-up to logged ${logged.at - ended.at} ms after hang-up`,
    );
    assert.equal(activity.recordId, MARIA.id);
    assert.equal(activity.direction, 'outbound');
    assert.equal(activity.result, 'answered');
    assert.ok(Math.abs(activity.durationSeconds - talkedS) <= 1, `logged ${activity.durationSeconds} s for a ${talkedS} s call`);
    // And against the test's own clock, from the answer the page saw to the click on Hang up.
    const talkedByClockS = (hungUpAt - answered.at) / 1000;
    assert.ok(Math.abs(activity.durationSeconds - talkedByClockS) <= 1, `logged ${activity.durationSeconds} s for ${talkedByClockS} s by the clock`);
    assert.equal(activity.disposition, disposition);
    assert.equal(activity.notes, notes);
    assert.match(activity.subject, /^Outbound call to \+1 650/);

    // The record page shows it on its timeline by itself.
    const entry = page.locator('ol.timeline li').filter({ hasText: notes });
    await entry.waitFor({ timeout: 15_000 });
    assert.match(await entry.innerText(), new RegExp(`outbound · answered · ${activity.durationSeconds}s`));

    const far = await farEnd.done;
    assert.equal(far.successfulCalls, 1, far.diagnostics);
    assert.deepEqual(errors, []);
  });
});
