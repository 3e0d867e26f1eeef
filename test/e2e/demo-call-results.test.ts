/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { SippScenario } from '../stack/sip-stack.js';
import { callEventCount, waitForCallEvent } from './support/call-events.js';
import { waitForDemoActivity } from './support/demo-timeline.js';
import { callAgentFromPstn, openSignedInDemoPage, pstnFarEnd, useE2eSystem } from './support/e2e-system.js';
import type { SoftphoneUi } from './support/softphone-ui.js';

const LENA = { objectType: 'Contact', id: 'CON-0003' } as const;
const OLIVER = { objectType: 'Contact', id: 'CON-0002' } as const;
const OLIVER_NUMBER = '+447911123456';

describe('end to end: calls that do not connect are logged with what happened', function () {
  this.timeout(120_000);
  const system = useE2eSystem({ crm: () => ({ kind: 'demo' }) });
  let context: BrowserContext;
  let page: Page;
  let phone: SoftphoneUi;
  let errors: string[];
  const figures: string[] = [];

  before(async () => {
    context = await system.newContext();
    ({ page, phone, errors } = await openSignedInDemoPage(system, context, 'Contact/CON-0003', 'Lena Schmidt'));
  });

  after(() => {
    console.log(`      logged: ${figures.join('; ')}`);
  });

  /** Clicks Lena's office number with `scenario` as the far end; returns the call's `outgoing` event. */
  async function callLena(scenario: SippScenario, pauseMs?: number) {
    const farEnd = await pstnFarEnd(system, { scenario, ...(pauseMs ? { pauseMs } : {}) });
    const after = await callEventCount(page);
    await page.getByRole('link', { name: '+49 30 901820' }).click();
    const outgoing = await waitForCallEvent(page, 'outgoing', { after });
    return { farEnd, outgoing };
  }

  /** Ends the wrap-up without notes, then returns the activity once the connector has stored it. */
  async function loggedWithoutWrapUp(record: { objectType: string; id: string }, callId: string) {
    await phone.skipWrapUp();
    await waitForCallEvent(page, 'logged', { callId, timeout: 20_000 });
    return waitForDemoActivity(system.connector, record, callId);
  }

  async function expectResult(scenario: SippScenario, result: string, sipStatus: number, pauseMs?: number) {
    const { farEnd, outgoing } = await callLena(scenario, pauseMs);
    const ended = await waitForCallEvent(page, 'ended', { callId: outgoing.callId });
    assert.equal(ended.call?.end?.sipStatus, sipStatus);
    const activity = await loggedWithoutWrapUp(LENA, outgoing.callId);
    assert.equal(activity.result, result);
    assert.equal(activity.direction, 'outbound');
    assert.equal(activity.durationSeconds, 0);
    figures.push(`${scenario} -> ${activity.result} (${sipStatus}), ${activity.durationSeconds} s`);
    const far = await farEnd.done;
    assert.equal(far.successfulCalls, 1, far.diagnostics);
  }

  it('a busy line (486) is logged as busy and the agent is told', async () => {
    await expectResult('uas-busy', 'busy', 486);
  });

  it('a number nobody answers (180, then the carrier gives up with 480) is logged as no answer', async () => {
    await expectResult('uas-ring-unavailable', 'no-answer', 480, 2000);
  });

  it('a callee who declines (603) is logged as declined', async () => {
    await expectResult('uas-decline', 'declined', 603);
  });

  it('a call the agent hangs up while it rings is logged as cancelled', async () => {
    const { farEnd, outgoing } = await callLena('uas-no-answer');
    await phone.waitForCallPanel('Ringing…');
    await phone.hangUp();
    const ended = await waitForCallEvent(page, 'ended', { callId: outgoing.callId });
    assert.deepEqual(ended.call?.end && { cause: ended.call.end.cause, sipStatus: ended.call.end.sipStatus }, { cause: 'cancelled', sipStatus: 487 });
    const activity = await loggedWithoutWrapUp(LENA, outgoing.callId);
    assert.equal(activity.result, 'cancelled');
    figures.push(`agent hung up while ringing -> ${activity.result}, ${activity.durationSeconds} s`);
    assert.equal(activity.durationSeconds, 0);
    const far = await farEnd.done;
    assert.equal(far.successfulCalls, 1, far.diagnostics);
  });

  it('an incoming call the agent declines is logged as declined on the caller’s record', async () => {
    const after = await callEventCount(page);
    const caller = await callAgentFromPstn(system, { scenario: 'uac-call-agent-declined', caller: OLIVER_NUMBER });
    await phone.waitForIncoming('Oliver Bennett');
    const incoming = await waitForCallEvent(page, 'incoming', { after });
    await page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Decline' }).click();
    await waitForCallEvent(page, 'logged', { callId: incoming.callId, timeout: 20_000 });
    const activity = await waitForDemoActivity(system.connector, OLIVER, incoming.callId);
    assert.equal(activity.direction, 'inbound');
    assert.equal(activity.result, 'declined');
    figures.push(`incoming declined by the agent -> ${activity.result}, ${activity.durationSeconds} s`);
    assert.equal(activity.durationSeconds, 0);
    const far = await caller.done;
    assert.equal(far.successfulCalls, 1, far.diagnostics);
  });

  it('an incoming call the caller gives up on before it is answered is logged as cancelled', async () => {
    const after = await callEventCount(page);
    const caller = await callAgentFromPstn(system, { scenario: 'uac-call-agent-cancel', caller: OLIVER_NUMBER, pauseMs: 1500 });
    const incoming = await waitForCallEvent(page, 'incoming', { after });
    await waitForCallEvent(page, 'logged', { callId: incoming.callId, timeout: 20_000 });
    const activity = await waitForDemoActivity(system.connector, OLIVER, incoming.callId);
    assert.equal(activity.direction, 'inbound');
    assert.equal(activity.result, 'cancelled');
    figures.push(`incoming, caller hung up while ringing -> ${activity.result}, ${activity.durationSeconds} s`);
    assert.equal(activity.durationSeconds, 0);
    const far = await caller.done;
    assert.equal(far.successfulCalls, 1, far.diagnostics);
    assert.deepEqual(errors, []);
  });
});
