import { fileURLToPath } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import type { HostCallEvent } from '../../../../widget/src/hosts/host-bridge.js';
import type { PhoneCallView } from '../../../../widget/src/phone/phone-call.js';
import { launchChromium } from '../../../browser/chromium.js';
import { bundleForBrowser } from './bundle-for-browser.js';
import { answered } from './call-views.js';
import { fakeHubSpotHostPage, type FakeHubSpot, type ReceivedMessage } from './fake-hubspot-host.js';
import type { HubSpotHarness } from './hubspot-harness.js';
import { HTML, JS, servePages, type PageServer } from './page-server.js';

type HostWindow = Window & { hubspot: FakeHubSpot };
export type WidgetWindow = Window & { harness: HubSpotHarness };

const WIDGET_PAGE = '<!doctype html><meta charset="utf-8"><title>widget</title><script src="/harness.js"></script>';

/** The widget as the fake HubSpot page frames it. */
export interface FramedWidget {
  readonly widget: Frame;
  /** A page of the widget's origin framed beside it: a stranger to HubSpot's conversation. */
  readonly other: Frame;
  /** What the bridge's start settled with: `started`, or the error message. */
  readonly started: string;
}

/**
 * The real bridge on the real SDK in a frame of its own origin, framed by the fake HubSpot page of another origin,
 * in one Chromium tab. Every test opens a fresh HubSpot page in that tab (a new tab costs about half a second here).
 */
export class HubSpotStage {
  private pages = 0;

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    readonly hubspot: PageServer,
    readonly widgetSite: PageServer,
  ) {}

  static async open(): Promise<HubSpotStage> {
    const script = await bundleForBrowser(fileURLToPath(new URL('./hubspot-harness.ts', import.meta.url)));
    const widgetSite = await servePages({
      '/widget.html': { type: HTML, body: WIDGET_PAGE },
      '/harness.js': { type: JS, body: script },
      '/other.html': { type: HTML, body: '<!doctype html><title>other</title>' },
    });
    const hubspot = await servePages();
    const browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    return new HubSpotStage(browser, page, hubspot, widgetSite);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.widgetSite.close();
    await this.hubspot.close();
  }

  /** Opens a fresh fake HubSpot page framing the widget (with `query`); resolves once the bridge's start settled. */
  async openInHubSpot(query = ''): Promise<FramedWidget> {
    this.pages += 1;
    const path = `/record-${this.pages}.html`;
    const body = fakeHubSpotHostPage(`${this.widgetSite.origin}/widget.html${query}`, `${this.widgetSite.origin}/other.html`);
    this.hubspot.pages.set(path, { type: HTML, body });
    await this.page.goto(`${this.hubspot.origin}${path}`);
    const widget = await this.frameAt('/widget.html');
    const other = await this.frameAt('/other.html');
    await widget.waitForFunction(() => 'harness' in window);
    const started = await widget.evaluate(() => (window as unknown as WidgetWindow).harness.started);
    return { widget, other, started };
  }

  /** Opens the widget on its own, framed by nothing; resolves with what its start settled with. */
  async openAlone(query: string): Promise<string> {
    await this.page.goto(`${this.widgetSite.origin}/widget.html${query}`);
    return this.page.evaluate(() => (window as unknown as WidgetWindow).harness.started);
  }

  /** Every message HubSpot received from the widget, in order. */
  received(): Promise<ReceivedMessage[]> {
    return this.page.evaluate(() => (window as unknown as HostWindow).hubspot.received);
  }

  async waitForMessage(type: string, count = 1): Promise<void> {
    await this.page.waitForFunction(
      ([wanted, n]) => (window as unknown as HostWindow).hubspot.received.filter((r) => r.message.type === wanted).length >= n,
      [type, count] as const,
      { timeout: 5_000 },
    );
  }

  /** The data of every message of `type` HubSpot received. */
  async dataOf(type: string): Promise<unknown[]> {
    return (await this.received()).filter((r) => r.message.type === type).map((r) => r.message.data);
  }

  /** Message types HubSpot received after the handshake (SYNC_ACK, INITIALIZED), in order. */
  async flow(): Promise<string[]> {
    return (await this.received()).map((r) => r.message.type).filter((type) => type !== 'SYNC_ACK' && type !== 'INITIALIZED');
  }

  /** HubSpot posts one message to the widget. */
  send(type: string, data?: unknown): Promise<void> {
    return this.page.evaluate(([t, d]) => (window as unknown as HostWindow).hubspot.send(t, d), [type, data] as const);
  }

  async notify(widget: Frame, event: HostCallEvent): Promise<void> {
    await widget.evaluate((e) => (window as unknown as WidgetWindow).harness.notify(e), event);
  }

  /** Waits until the bridge logged a line containing `text`: it has handled the HubSpot message that causes it. */
  async waitForLog(widget: Frame, text: string): Promise<void> {
    await widget.waitForFunction(
      (t) => (window as unknown as WidgetWindow).harness.log.lines.some((line) => line.text.includes(t)),
      text,
      { timeout: 5_000 },
    );
  }

  /** Plays one call through the bridge, from its first event to `completed`, and waits for its callCompleted. */
  async playCall(widget: Frame, call: PhoneCallView, over: PhoneCallView): Promise<void> {
    const before = (await this.dataOf('CALL_COMPLETED')).length;
    await this.notify(widget, call.direction === 'outbound' ? { type: 'outgoing', call, record: null } : { type: 'incoming', call, matches: [] });
    if (over.answeredAt !== null) await this.notify(widget, { type: 'answered', call: answered(call) });
    await this.notify(widget, { type: 'ended', call: over });
    await this.notify(widget, { type: 'completed', call: over, record: null, disposition: null, notes: null });
    await this.waitForMessage('CALL_COMPLETED', before + 1);
  }

  private async frameAt(pathname: string): Promise<Frame> {
    for (let i = 0; i < 100; i += 1) {
      const frame = this.page
        .frames()
        .find((f) => f.url().startsWith(this.widgetSite.origin) && new URL(f.url()).pathname === pathname);
      if (frame) return frame;
      await this.page.waitForTimeout(20);
    }
    throw new Error(`no frame at ${pathname}`);
  }
}
