import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from '../../browser/chromium.js';
import { bundleForBrowser } from './support/bundle-for-browser.js';
import type { FakeOpenCti } from './support/fake-open-cti.js';
import { HTML, JS, servePages, type PageServer } from './support/page-server.js';
import type { SalesforceHarness } from './support/salesforce-harness.js';

type WidgetWindow = Window & { harness: SalesforceHarness; sforce?: { opencti: FakeOpenCti } };

const WIDGET_PAGE = '<!doctype html><meta charset="utf-8"><title>softphone</title><script src="/harness.js"></script>';

/**
 * The Open CTI bridge's own loader in Chromium: a loopback "Salesforce" origin frames the softphone with the query
 * Salesforce appends to the adapter URL, and serves a documented fake as `opencti_min.js`.
 */
describe('Salesforce Open CTI bridge loading opencti_min.js (in Chromium)', function () {
  this.timeout(20_000);
  let browser: Browser;
  let salesforce: PageServer;
  let widgetSite: PageServer;
  let page: Page;

  before(async () => {
    const [harness, openCti] = await Promise.all([
      bundleForBrowser(fileURLToPath(new URL('./support/salesforce-harness.ts', import.meta.url))),
      bundleForBrowser(fileURLToPath(new URL('./support/fake-open-cti-script.ts', import.meta.url))),
    ]);
    widgetSite = await servePages({ '/softphone.html': { type: HTML, body: WIDGET_PAGE }, '/harness.js': { type: JS, body: harness } });
    salesforce = await servePages({
      '/support/api/61.0/lightning/opencti_min.js': { type: JS, body: openCti },
      '/support/api/60.0/lightning/opencti_min.js': { type: JS, body: '/* some other script */' },
    });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });

  after(async () => {
    await browser?.close();
    await widgetSite?.close();
    await salesforce?.close();
  });

  /** Opens a Lightning page framing the softphone as the utility bar does; resolves when the bridge's start settled. */
  async function openInSalesforce(extra = ''): Promise<{ widget: Frame; started: string }> {
    const query = `?mode=Lightning&isdtp=vw&sfdcIframeOrigin=${encodeURIComponent(salesforce.origin)}&clc=1&nonce=8c1f${extra}`;
    salesforce.pages.set('/lightning/page/home', {
      type: HTML,
      body: `<!doctype html><title>Lightning</title><iframe src="${widgetSite.origin}/softphone.html${query}" allow="microphone"></iframe>`,
    });
    await page.goto(`${salesforce.origin}/lightning/page/home`);
    let widget: Frame | undefined;
    for (let i = 0; widget === undefined && i < 100; i += 1) {
      widget = page.frames().find((frame) => frame.url().startsWith(`${widgetSite.origin}/softphone.html`));
      if (widget === undefined) await page.waitForTimeout(20);
    }
    if (widget === undefined) throw new Error('the softphone frame did not load');
    await widget.waitForFunction(() => 'harness' in window);
    const started = await widget.evaluate(() => (window as unknown as WidgetWindow).harness.started);
    return { widget, started };
  }

  it('adds one script element for opencti_min.js of the framing Salesforce origin, then dials its clicks', async () => {
    const { widget, started } = await openInSalesforce();
    assert.equal(started, 'started');
    assert.deepEqual(await widget.evaluate(() => (window as unknown as WidgetWindow).harness.scripts()), [
      `${widgetSite.origin}/harness.js`,
      `${salesforce.origin}/support/api/61.0/lightning/opencti_min.js`,
    ]);
    const methods = await widget.evaluate(() => (window as unknown as WidgetWindow).sforce!.opencti.calls.map((call) => call.method));
    assert.deepEqual(methods, ['onClickToDial', 'enableClickToDial']);
    await widget.evaluate(() =>
      (window as unknown as WidgetWindow).sforce!.opencti.click({ number: '4155552671', recordId: '00Qxx000001abcdEAA', recordName: 'Grace Hopper', objectType: 'Lead' }),
    );
    assert.deepEqual(await widget.evaluate(() => (window as unknown as WidgetWindow).harness.dials), [
      { number: '4155552671', record: { objectType: 'Lead', id: '00Qxx000001abcdEAA', name: 'Grace Hopper' } },
    ]);
  });

  it('rejects start with the script address when Salesforce does not serve it', async () => {
    const { started } = await openInSalesforce('&apiVersion=99.0');
    assert.equal(
      started,
      `Could not load Salesforce Open CTI from ${salesforce.origin}/support/api/99.0/lightning/opencti_min.js (the browser could not ` +
        'load the script). Check that the network reaches Salesforce and that the call center is set to Lightning.',
    );
  });

  it('rejects start when the script loads but is not Open CTI', async () => {
    const { started } = await openInSalesforce('&apiVersion=60.0');
    assert.match(started, /opencti_min\.js \(the script loaded but did not define sforce\.opencti\)/);
  });
});
