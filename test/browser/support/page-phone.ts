/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';

/** The SIP account a page's phone registers with. */
export interface PagePhoneAccount {
  readonly username: string;
  readonly password: string;
  readonly domain: string;
  readonly wsUrl: string;
}

/** What the page keeps of its phone, as the UI would have seen it. */
export interface PagePhoneState {
  registration: string;
  calls: { callId: string; direction: string; state: string; onHold: boolean; remoteUser: string; end: unknown }[];
}

/** RTP audio packets the page's latest call has sent and received so far (its peer connection's getStats). */
export interface AudioCounters {
  readonly sent: number;
  readonly received: number;
}

/**
 * Opens a page of `origin` (a phone kit site) in a new tab, starts the real phone core with browser media on it, and
 * resolves once it is registered. The page keeps `window.phoneState` (a {@link PagePhoneState}), `window.phone` and
 * `window.lastCall` (the latest call, ended or not). With `autoAnswer` it answers every incoming call at once.
 */
export async function openPhonePage(
  browser: Browser,
  origin: string,
  account: PagePhoneAccount,
  options: { readonly autoAnswer: boolean },
): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => process.env.DEBUG_PHONE && console.log(account.username, m.text()));
  // tsx names the functions inside evaluate() callbacks with an `__name` helper the page does not have.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.goto(`${origin}/${account.username}`);
  await page.evaluate(
    async ({ account, autoAnswer }) => {
      const { createSipPhone, BrowserMedia } = (window as any).phoneKit;
      const phone = createSipPhone(
        {
          aor: `sip:${account.username}@${account.domain}`,
          authorizationUsername: account.username,
          authorizationPassword: account.password,
          wsServer: account.wsUrl,
          displayName: account.username,
          iceServers: [],
        },
        { media: new BrowserMedia(document), log: (m: string) => console.warn('phone:', m) },
      );
      const state: PagePhoneState = { registration: 'unregistered', calls: [] };
      const view = (c: any) => ({ callId: c.callId, direction: c.direction, state: c.state, onHold: c.onHold, remoteUser: c.remote.user, end: c.end });
      phone.on('registration', (s: string) => (state.registration = s));
      phone.on('call', (call: any) => {
        state.calls.push(view(call));
        Object.assign(window, { lastCall: call });
        if (autoAnswer && call.direction === 'inbound') void call.answer();
      });
      phone.on('callchange', (call: any) => {
        const i = state.calls.findIndex((c) => c.callId === call.callId);
        state.calls[i] = view(call);
      });
      Object.assign(window, { phone, phoneState: state });
      await phone.start();
    },
    { account, autoAnswer: options.autoAnswer },
  );
  await page.waitForFunction(() => (window as any).phoneState.registration === 'registered');
  return page;
}

/** The page's phone state. */
export function pagePhoneState(page: Page): Promise<PagePhoneState> {
  return page.evaluate(() => (window as any).phoneState as PagePhoneState);
}

/** Audio packets sent (`outbound-rtp`) and received (`inbound-rtp`) by the page's latest call so far. */
export function audioCounters(page: Page): Promise<AudioCounters> {
  return page.evaluate(async () => {
    const call = (window as any).lastCall;
    const stats: RTCStatsReport = await call.session.sessionDescriptionHandler.peerConnection.getStats();
    let sent = 0;
    let received = 0;
    stats.forEach((s: any) => {
      if (s.kind !== 'audio') return;
      if (s.type === 'outbound-rtp') sent += s.packetsSent;
      if (s.type === 'inbound-rtp') received += s.packetsReceived;
    });
    return { sent, received };
  });
}

/** Audio packets the page's latest call sent and received during the next `ms` milliseconds. */
export async function audioDuring(page: Page, ms: number): Promise<AudioCounters> {
  const before = await audioCounters(page);
  await page.waitForTimeout(ms);
  const after = await audioCounters(page);
  return { sent: after.sent - before.sent, received: after.received - before.received };
}
