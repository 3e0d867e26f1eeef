/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startKamailio, type KamailioStack } from '../stack/sip-stack.js';
import { launchChromium } from './chromium.js';
import { audioDuring, openPhonePage, pagePhoneState } from './support/page-phone.js';
import { startPhoneKitSite, type PhoneKitSite } from './support/phone-kit-site.js';

const PASSWORDS = { maria: 'maria-Long-Secret-1', li: 'li-Long-Secret-2' } as const;

type Agent = keyof typeof PASSWORDS;

describe('the real softphone in Chromium: sip.js and WebRTC through a real Kamailio', function () {
  this.timeout(60_000);
  let stack: KamailioStack;
  let browser: Browser;
  let site: PhoneKitSite;

  before(async () => {
    [stack, browser, site] = await Promise.all([
      startKamailio({ users: Object.entries(PASSWORDS).map(([username, password]) => ({ username, password })) }),
      launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']),
      startPhoneKitSite(),
    ]);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await stack?.stop();
  });

  const agentPage = (agent: Agent, autoAnswer: boolean): Promise<Page> =>
    openPhonePage(browser, site.origin, { username: agent, password: PASSWORDS[agent], domain: stack.domain, wsUrl: stack.wsUrl }, { autoAnswer });

  it('registers two agents, calls from one to the other with audio both ways, and hangs up', async () => {
    const [maria, li] = await Promise.all([agentPage('maria', false), agentPage('li', true)]);
    const dial = () =>
      maria.evaluate(async (domain) => {
        const t0 = performance.now();
        const call = await (window as any).phone.dial({ sipUri: `sip:li@${domain}`, extension: null, display: 'li' });
        const inviteSent = performance.now() - t0;
        while (call.state !== 'established' && call.state !== 'ended') await new Promise((r) => setTimeout(r, 5));
        return { inviteSent, established: performance.now() - t0, state: call.state };
      }, stack.domain);
    const timing = await dial();
    assert.equal(timing.state, 'established');

    const [heardByMaria, heardByLi] = await Promise.all([audioDuring(maria, 1000), audioDuring(li, 1000)]);
    console.log(
      `      dial to INVITE sent ${timing.inviteSent.toFixed(1)} ms, to established ${timing.established.toFixed(1)} ms; ` +
        `audio packets received in 1 s: maria ${heardByMaria.received}, li ${heardByLi.received}`,
    );
    assert.ok(heardByMaria.received > 10, `maria hears li (${heardByMaria.received} packets)`);
    assert.ok(heardByLi.received > 10, `li hears maria (${heardByLi.received} packets)`);

    await maria.evaluate(() => (window as any).lastCall.hangup());
    await li.waitForFunction(() => (window as any).phoneState.calls[0]?.state === 'ended');
    assert.deepEqual((await pagePhoneState(li)).calls[0]?.end, { cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });

    // A second call takes the warm path: microphone open, a peer connection built ahead.
    const again = await dial();
    assert.equal(again.state, 'established');
    console.log(`      second call: dial to INVITE sent ${again.inviteSent.toFixed(1)} ms, to established ${again.established.toFixed(1)} ms`);
    await maria.evaluate(() => (window as any).lastCall.hangup());
    await li.waitForFunction(() => (window as any).phoneState.calls[1]?.state === 'ended');
    await Promise.all([maria.evaluate(() => (window as any).phone.stop()), li.evaluate(() => (window as any).phone.stop())]);
  });
});
