/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { rtpengineCallIds } from '../stack/rtpengine-ng.js';
import { startKamailio, startSipp, type KamailioStack, type SippOptions, type SippResult, type SippRun } from '../stack/sip-stack.js';
import { launchChromium } from './chromium.js';
import { audioCounters, audioDuring, openPhonePage, pagePhoneState } from './support/page-phone.js';
import { startPhoneKitSite, type PhoneKitSite } from './support/phone-kit-site.js';

const MARIA = { username: 'maria', password: 'maria-Long-Secret-1' };
const PSTN_NUMBER = '+14155552671';
const CALLER = '+14155550100';

/** More than this many packets in a second is audio flowing (20 ms packets: about 50 a second). */
const FLOWING = 10;
/** How long the first echoed packet may take once media (re)starts, on a loaded 2-core machine. */
const FIRST_AUDIO_MS = 5000;

describe('the real softphone in Chromium calling the PSTN stand-in: WebRTC to plain RTP through rtpengine', function () {
  this.timeout(60_000);
  let stack: KamailioStack;
  let browser: Browser;
  let site: PhoneKitSite;
  let page: Page | undefined;
  const sipps: SippRun[] = [];

  before(async () => {
    [stack, browser, site] = await Promise.all([
      startKamailio({ users: [MARIA], relayMedia: true }),
      launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']),
      startPhoneKitSite(),
    ]);
  });
  afterEach(async () => {
    await page?.evaluate(() => (window as any).phone.stop()).catch(() => undefined);
    await page?.close();
    page = undefined;
    await Promise.all(sipps.splice(0).map((run) => run.stop()));
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await stack?.stop();
  });

  /** sipp, stopped after the test whatever happened. */
  const sipp = async (options: SippOptions): Promise<SippRun> => {
    const run = await startSipp(options);
    sipps.push(run);
    return run;
  };
  const openMaria = (autoAnswer: boolean): Promise<Page> =>
    openPhonePage(browser, site.origin, { ...MARIA, domain: stack.domain, wsUrl: stack.wsUrl }, { autoAnswer });

  /** Asserts sipp followed its scenario to the end, with its diagnostics and rtpengine's log as the message. */
  const assertSippCompleted = (result: SippResult): void => {
    const why = `${result.diagnostics}\n--- rtpengine ---\n${stack.mediaRelay?.logs().slice(-4000)}`;
    assert.equal(result.exitCode, 0, why);
    assert.equal(result.successfulCalls, 1, why);
  };

  /** Waits until rtpengine holds no call: the call's media ports were freed. */
  const assertRelayEmpty = async (): Promise<void> => {
    const ngPort = stack.mediaRelay!.ngPort;
    const deadline = Date.now() + 2000;
    let calls = await rtpengineCallIds(ngPort);
    while (calls.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      calls = await rtpengineCallIds(ngPort);
    }
    assert.deepEqual(calls, [], 'rtpengine freed the media of the ended call');
  };

  /**
   * Waits for the first packet the browser receives from now on (media may take a moment to start after an answer
   * or an ICE restart), then asserts a second of audio both ways.
   */
  const assertFlowing = async (label: string): Promise<void> => {
    const waited = Date.now();
    const before = (await audioCounters(page!)).received;
    while ((await audioCounters(page!)).received === before && Date.now() - waited < FIRST_AUDIO_MS) await page!.waitForTimeout(20);
    const firstAudio = Date.now() - waited;
    const packets = await audioDuring(page!, 1000);
    console.log(`      ${label}: first packet after ${firstAudio} ms, then ${packets.sent} packets/s sent, ${packets.received} packets/s received`);
    assert.ok(packets.sent > FLOWING, `${label}: the browser sends audio (${packets.sent} packets in 1 s)`);
    assert.ok(packets.received > FLOWING, `${label}: the browser hears the echo (${packets.received} packets in 1 s)`);
  };

  it('calls a PSTN number that answers and echoes: audio both ways, on hold and back, then hangs up', async () => {
    page = await openMaria(false);
    const farEnd = await sipp({ scenario: 'uas-answer', localPort: stack.pstnPort, rtpEcho: true, timeoutMs: 60_000 });
    const timing = await page.evaluate(
      async ({ number, domain }) => {
        const t0 = performance.now();
        const call = await (window as any).phone.dial({ sipUri: `sip:${number}@${domain};user=phone`, extension: null, display: number });
        while (call.state !== 'established' && call.state !== 'ended') await new Promise((r) => setTimeout(r, 5));
        return { established: performance.now() - t0, state: call.state as string };
      },
      { number: PSTN_NUMBER, domain: stack.domain },
    );
    assert.equal(timing.state, 'established');
    console.log(`      dial to established ${timing.established.toFixed(1)} ms`);
    await assertFlowing('connected');

    await page.evaluate(() => (window as any).lastCall.hold());
    assert.equal((await pagePhoneState(page)).calls[0]?.onHold, true);
    const held = await audioDuring(page, 1000);
    console.log(`      on hold: ${held.sent} packets/s sent, ${held.received} packets/s received`);
    // On hold the phone offers sendonly and the far end answers recvonly: the agent hears nothing until resumed.
    assert.equal(held.received, 0, 'on hold, no audio reaches the agent');
    const agentPage = page;
    const microphoneOn = () =>
      agentPage.evaluate(() =>
        (window as any).lastCall.session.sessionDescriptionHandler.peerConnection.getSenders().map((s: RTCRtpSender) => s.track?.enabled),
      );
    assert.deepEqual(await microphoneOn(), [false], 'on hold, the customer does not hear the agent (only silence is sent)');
    await page.evaluate(() => (window as any).lastCall.resume());
    assert.equal((await pagePhoneState(page)).calls[0]?.onHold, false);
    assert.deepEqual(await microphoneOn(), [true], 'resumed, the customer hears the agent again');
    await assertFlowing('resumed');

    await page.evaluate(() => (window as any).lastCall.hangup());
    const result = await farEnd.done;
    assertSippCompleted(result);
    const offers = result.received('INVITE');
    assert.equal(offers.length, 3, 'the INVITE and the hold and resume re-INVITEs reached the far end');
    for (const offer of offers) assert.match(offer.body, /^m=audio \d+ RTP\/AVP /m, 'the far end is offered plain RTP');
    assert.equal(result.received('BYE').length, 1);
    await assertRelayEmpty();
  });

  it('keeps the call through a Kamailio restart: the phone reconnects and restarts ICE through rtpengine', async () => {
    page = await openMaria(false);
    const farEnd = await sipp({ scenario: 'uas-answer', localPort: stack.pstnPort, rtpEcho: true, timeoutMs: 60_000 });
    await page.evaluate(async ({ number, domain }) => {
      const call = await (window as any).phone.dial({ sipUri: `sip:${number}@${domain};user=phone`, extension: null, display: number });
      while (call.state !== 'established' && call.state !== 'ended') await new Promise((r) => setTimeout(r, 5));
    }, { number: PSTN_NUMBER, domain: stack.domain });

    const answers = (): number => stack.mediaRelay!.logs().split("Received command 'answer'").length - 1;
    const answersBefore = answers();
    const restarted = Date.now();
    await stack.restart();
    // The phone reconnects, registers again and re-INVITEs with an ICE restart, which rtpengine relays and answers.
    const deadline = Date.now() + 20_000;
    while (answers() === answersBefore && Date.now() < deadline) await page.waitForTimeout(50);
    assert.ok(answers() > answersBefore, 'the ICE-restart re-INVITE went through rtpengine');
    console.log(`      Kamailio restart to ICE restart answered ${Date.now() - restarted} ms`);
    assert.equal((await pagePhoneState(page)).calls[0]?.state, 'established');
    await assertFlowing('after the restart');

    await page.evaluate(() => (window as any).lastCall.hangup());
    const result = await farEnd.done;
    assertSippCompleted(result);
    const offers = result.received('INVITE');
    assert.equal(offers.length, 2, 'the INVITE and the ICE-restart re-INVITE reached the far end');
    await assertRelayEmpty();
  });

  it('answers a call from the PSTN: audio both ways, and the caller hangs up', async () => {
    page = await openMaria(true);
    const caller = await sipp({
      scenario: 'uac-call-agent',
      remote: `127.0.0.1:${stack.udpPort}`,
      service: MARIA.username,
      keys: { caller: CALLER, domain: stack.domain },
      pauseMs: 3000,
      rtpEcho: true,
      timeoutMs: 20_000,
    });
    await page.waitForFunction(() => (window as any).phoneState.calls[0]?.state === 'established');
    const call = (await pagePhoneState(page)).calls[0]!;
    assert.equal(call.direction, 'inbound');
    assert.equal(call.remoteUser, CALLER);
    await assertFlowing('answered');

    const result = await caller.done;
    assertSippCompleted(result);
    await page.waitForFunction(() => (window as any).phoneState.calls[0]?.state === 'ended');
    assert.deepEqual((await pagePhoneState(page)).calls[0]?.end, { cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });
    const answer = result.messages.find((m) => m.direction === 'received' && m.status === 200 && m.method === 'INVITE');
    assert.match(answer?.body ?? '', /^m=audio \d+ RTP\/AVP /m, 'the caller gets a plain RTP answer');
    await assertRelayEmpty();
  });
});
