/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildWidget } from '../../widget/build.js';
import { startKamailio, type KamailioStack } from '../stack/sip-stack.js';
import { launchChromium } from './chromium.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/**
 * The agents' page comes from a real loopback server: a loopback origin is a secure context (getUserMedia works), and
 * Chromium's local network access checks let it reach Kamailio on loopback, which they refuse to a page of unknown
 * address (such as one fulfilled by route interception).
 */
function servePhoneKit(kit: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/phone-kit.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(kit);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>agent</title><script src="/phone-kit.js"></script>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const PASSWORDS = { maria: 'maria-Long-Secret-1', li: 'li-Long-Secret-2' } as const;

type Agent = keyof typeof PASSWORDS;

/** What the page keeps of its phone, for the test to read. */
interface PagePhone {
  registration: string;
  calls: { callId: string; state: string; end: unknown }[];
}

async function buildPhoneKit(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'phone-kit-'));
  try {
    const { file } = await buildWidget({ entry: path.join(HERE, 'support', 'phone-kit-entry.ts'), outDir: dir, fileName: 'phone-kit.js', publicDir: null });
    return await readFile(file, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the real softphone in Chromium: sip.js and WebRTC through a real Kamailio', function () {
  this.timeout(60_000);
  let stack: KamailioStack;
  let browser: Browser;
  let site: Server;
  let origin: string;

  before(async () => {
    let kit: string;
    [stack, browser, kit] = await Promise.all([
      startKamailio({ users: Object.entries(PASSWORDS).map(([username, password]) => ({ username, password })) }),
      launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']),
      buildPhoneKit(),
    ]);
    site = await servePhoneKit(kit);
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
    await stack?.stop();
  });

  async function agentPage(agent: Agent, autoAnswer: boolean): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (m) => process.env.DEBUG_PHONE && console.log(agent, m.text()));
    // tsx names the functions inside evaluate() callbacks with an `__name` helper the page does not have.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(`${origin}/${agent}`);
    await page.evaluate(
      async ({ agent, password, domain, wsUrl, autoAnswer }) => {
        const { createSipPhone, BrowserMedia } = (window as any).phoneKit;
        const phone = createSipPhone(
          { aor: `sip:${agent}@${domain}`, authorizationUsername: agent, authorizationPassword: password, wsServer: wsUrl, displayName: agent, iceServers: [] },
          { media: new BrowserMedia(document), log: (m: string) => console.warn('phone:', m) },
        );
        const state: PagePhone = { registration: 'unregistered', calls: [] };
        const view = (c: any) => ({ callId: c.callId, state: c.state, end: c.end });
        phone.on('registration', (s: string) => (state.registration = s));
        phone.on('call', (call: any) => {
          state.calls.push(view(call));
          if (autoAnswer && call.direction === 'inbound') void call.answer();
        });
        phone.on('callchange', (call: any) => {
          const i = state.calls.findIndex((c) => c.callId === call.callId);
          state.calls[i] = view(call);
        });
        Object.assign(window, { phone, phoneState: state });
        await phone.start();
      },
      { agent, password: PASSWORDS[agent], domain: stack.domain, wsUrl: stack.wsUrl, autoAnswer },
    );
    await page.waitForFunction(() => (window as any).phoneState.registration === 'registered');
    return page;
  }

  /** `inbound-rtp` audio packets received so far on the page's first live call. */
  const packetsReceived = (page: Page) =>
    page.evaluate(async () => {
      const call = (window as any).phone.calls[0];
      const stats: RTCStatsReport = await call.session.sessionDescriptionHandler.peerConnection.getStats();
      let packets = 0;
      stats.forEach((s: any) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived;
      });
      return packets;
    });

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

    const first = await Promise.all([packetsReceived(maria), packetsReceived(li)]);
    await maria.waitForTimeout(1000);
    const second = await Promise.all([packetsReceived(maria), packetsReceived(li)]);
    console.log(
      `      dial to INVITE sent ${timing.inviteSent.toFixed(1)} ms, to established ${timing.established.toFixed(1)} ms; ` +
        `audio packets received in 1 s: maria ${second[0] - first[0]}, li ${second[1] - first[1]}`,
    );
    assert.ok(second[0] - first[0] > 10, `maria hears li (${first[0]} -> ${second[0]} packets)`);
    assert.ok(second[1] - first[1] > 10, `li hears maria (${first[1]} -> ${second[1]} packets)`);

    await maria.evaluate(() => (window as any).phone.calls[0].hangup());
    await li.waitForFunction(() => (window as any).phoneState.calls[0]?.state === 'ended');
    const liEnd = await li.evaluate(() => (window as any).phoneState.calls[0].end);
    assert.deepEqual(liEnd, { cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });

    // A second call takes the warm path: microphone open, a peer connection built ahead.
    const again = await dial();
    assert.equal(again.state, 'established');
    console.log(`      second call: dial to INVITE sent ${again.inviteSent.toFixed(1)} ms, to established ${again.established.toFixed(1)} ms`);
    await maria.evaluate(() => (window as any).phone.calls[0].hangup());
    await li.waitForFunction(() => (window as any).phoneState.calls[1]?.state === 'ended');
    await Promise.all([maria.evaluate(() => (window as any).phone.stop()), li.evaluate(() => (window as any).phone.stop())]);
  });
});
