/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { measureAudio } from './support/audio-probe.js';
import { callEventCount, waitForCallEvent } from './support/call-events.js';
import { waitForDemoActivity } from './support/demo-timeline.js';
import { callAgentFromPstn, openSignedInDemoPage, useE2eSystem } from './support/e2e-system.js';

const OLIVER = { objectType: 'Contact', id: 'CON-0002' } as const;
const CALLER_TALKS_MS = 4000;

describe('end to end: a customer calls the agent from the PSTN', function () {
  this.timeout(120_000);
  const system = useE2eSystem({ crm: () => ({ kind: 'demo' }) });
  let context: BrowserContext;

  before(async () => {
    context = await system.newContext();
  });

  it('rings with the caller’s name from the CRM, the agent answers and talks, and the call is logged as inbound on that record', async () => {
    const { page, phone, errors } = await openSignedInDemoPage(system, context, 'Contact/CON-0001', 'Maria Gonzalez');
    const after = await callEventCount(page);
    const caller = await callAgentFromPstn(system, { scenario: 'uac-call-agent', caller: '+447911123456', pauseMs: CALLER_TALKS_MS, rtpEcho: true });
    const sentAt = Date.now();

    const incoming = await waitForCallEvent(page, 'incoming', { after });
    const announced = await phone.waitForIncoming('Oliver Bennett');
    const namedAt = Date.now();
    assert.match(announced, /\+44 7911 123456/, 'the incoming screen shows the number too');
    assert.deepEqual(
      incoming.matches?.map((m) => ({ objectType: m.objectType, id: m.id, name: m.name })),
      [{ ...OLIVER, name: 'Oliver Bennett' }],
    );
    await phone.answer();
    const answered = await waitForCallEvent(page, 'answered', { callId: incoming.callId });
    const audio = await measureAudio(page, 1000);
    assert.ok(audio.sentPerSecond >= 20, `the caller hears the agent (${audio.sentPerSecond} packets/s sent)`);
    assert.ok(audio.receivedPerSecond >= 20, `the agent hears the caller (${audio.receivedPerSecond} packets/s received)`);

    // The caller hangs up after talking for a while.
    const ended = await waitForCallEvent(page, 'ended', { callId: incoming.callId, timeout: 20_000 });
    assert.equal(ended.call?.end?.cause, 'hangup');
    const notes = 'Asked about the delivery date';
    const disposition = await phone.wrapUp({ dispositionIndex: 1, notes });
    await waitForCallEvent(page, 'logged', { callId: incoming.callId, timeout: 20_000 });
    const activity = await waitForDemoActivity(system.connector, OLIVER, incoming.callId, (a) => a.notes !== null);

    const talkedS = (ended.call!.endedAt! - ended.call!.answeredAt!) / 1000;
    console.log(
      `      INVITE sent to ringing ${incoming.at - sentAt} ms, caller's name shown ${namedAt - sentAt} ms; audio ${audio.sentPerSecond} packets/s sent, ${audio.receivedPerSecond} received; ` +
        `talked ${talkedS.toFixed(2)} s, logged ${activity.durationSeconds} s on ${activity.recordId} as ${activity.direction} ${activity.result}`,
    );
    assert.equal(activity.recordId, OLIVER.id);
    assert.equal(activity.direction, 'inbound');
    assert.equal(activity.result, 'answered');
    assert.ok(Math.abs(activity.durationSeconds - talkedS) <= 1, `logged ${activity.durationSeconds} s for a ${talkedS} s call`);
    // The caller (sipp) hangs up CALLER_TALKS_MS after its ACK: the talk time the CRM shows is that long.
    assert.ok(Math.abs(activity.durationSeconds - CALLER_TALKS_MS / 1000) <= 1, `logged ${activity.durationSeconds} s; the caller talked ${CALLER_TALKS_MS / 1000} s`);
    assert.equal(activity.disposition, disposition);
    assert.equal(activity.notes, notes);
    assert.match(activity.subject, /^Inbound call from \+44 7911/);
    assert.ok(answered.at >= incoming.at);

    const far = await caller.done;
    assert.equal(far.successfulCalls, 1, far.diagnostics);
    assert.deepEqual(errors, []);
  });
});
