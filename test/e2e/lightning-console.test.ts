/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import { OPEN_CTI_API_VERSION } from '../../widget/src/hosts/salesforce/load-open-cti.js';
import { launchChromium } from '../browser/chromium.js';
import { bundleForBrowser } from '../widget/hosts/support/bundle-for-browser.js';
import { HTML, JS, servePages, type PageServer } from '../widget/hosts/support/page-server.js';
import { startLightningConsole, type LightningConsole } from './support/lightning-console.js';

/** A softphone that does what Salesforce's guide says: load `opencti_min.js` from the origin that framed it. */
const TRIVIAL_ADAPTER = `<!doctype html><meta charset="utf-8"><title>adapter</title>
<script>
  const origin = new URLSearchParams(location.search).get('sfdcIframeOrigin');
  const script = document.createElement('script');
  script.src = origin + '/support/api/${OPEN_CTI_API_VERSION}/lightning/opencti_min.js';
  window.openCti = new Promise((resolve) => {
    script.onload = () => resolve(Object.keys(window.sforce.opencti).concat(Object.getOwnPropertyNames(Object.getPrototypeOf(window.sforce.opencti))));
    script.onerror = () => resolve('the script did not load');
  });
  document.head.append(script);
</script>`;

type AdapterWindow = Window & { openCti: Promise<string[] | string>; harness?: { started: Promise<string> } };

describe('the Lightning console stand-in framing a softphone (in Chromium)', function () {
  this.timeout(30_000);
  let browser: Browser;
  let adapterSite: PageServer;
  let lightning: LightningConsole;
  let page: Page;

  before(async () => {
    const harness = await bundleForBrowser(fileURLToPath(new URL('../widget/hosts/support/salesforce-harness.ts', import.meta.url)));
    adapterSite = await servePages({
      '/softphone.html': { type: HTML, body: TRIVIAL_ADAPTER },
      '/bridge.html': { type: HTML, body: '<!doctype html><meta charset="utf-8"><title>bridge</title><script src="/harness.js"></script>' },
      '/harness.js': { type: JS, body: harness },
    });
    lightning = await startLightningConsole({ adapterUrl: `${adapterSite.origin}/softphone.html?tenant=acme` });
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
    page = await browser.newPage();
    // tsx names the functions inside evaluate() callbacks with an `__name` helper the page does not have.
    await page.addInitScript('globalThis.__name = (f) => f;');
  });

  after(async () => {
    await browser?.close();
    await lightning?.close();
    await adapterSite?.close();
  });

  async function frameOf(prefix: string): Promise<Frame> {
    for (let i = 0; i < 200; i += 1) {
      const frame = page.frames().find((f) => f.url().startsWith(prefix));
      if (frame !== undefined) return frame;
      await page.waitForTimeout(25);
    }
    throw new Error(`no frame of ${prefix} loaded`);
  }

  it('frames the adapter URL in a 400x550 utility bar with the query Lightning appends, and serves Open CTI to it', async () => {
    await page.goto(lightning.recordUrl('Contact', '003xx000004TmiQAAS'));
    assert.equal(await page.locator('h1').innerText(), 'Contact 003xx000004TmiQAAS');
    const frame = await frameOf(`${adapterSite.origin}/softphone.html`);
    const query = new URL(frame.url()).searchParams;
    assert.equal(query.get('tenant'), 'acme', "the call center's own query stays");
    assert.equal(query.get('mode'), 'Lightning');
    assert.equal(query.get('isdtp'), 'vw');
    assert.equal(query.get('sfdcIframeOrigin'), lightning.origin);
    assert.equal(query.get('clc'), '1');
    assert.match(query.get('nonce') ?? '', /^[0-9a-f]{32}$/);
    const box = await page.locator('iframe').evaluate((iframe: HTMLIFrameElement) => ({
      allow: iframe.allow,
      width: iframe.getBoundingClientRect().width,
      height: iframe.getBoundingClientRect().height,
    }));
    assert.deepEqual(box, { allow: 'microphone; autoplay', width: 400, height: 550 });

    const openCti = await frame.evaluate(() => (window as unknown as AdapterWindow).openCti);
    assert.ok(Array.isArray(openCti), String(openCti));
    for (const method of ['enableClickToDial', 'onClickToDial', 'screenPop', 'searchAndScreenPop', 'refreshView', 'setSoftphonePanelVisibility']) {
      assert.ok(openCti.includes(method), `sforce.opencti.${method} is defined`);
    }
    console.log(`      utility bar ${box.width}x${box.height}, frame query ${new URL(frame.url()).search}; sforce.opencti has ${openCti.length} members`);

    await page.reload();
    const again = new URL((await frameOf(`${adapterSite.origin}/softphone.html`)).url()).searchParams.get('nonce');
    assert.notEqual(again, query.get('nonce'), 'each page load gets a fresh nonce');
  });

  it("serves opencti_min.js at the version the widget's Salesforce bridge asks for by default, and no other", async () => {
    const bridgeConsole = await startLightningConsole({ adapterUrl: `${adapterSite.origin}/bridge.html` });
    try {
      await page.goto(bridgeConsole.recordUrl('Lead', '00Qxx000001Hx9TEAS'));
      const frame = await frameOf(`${adapterSite.origin}/bridge.html`);
      await frame.waitForFunction(() => 'harness' in window);
      assert.equal(await frame.evaluate(() => (window as unknown as AdapterWindow).harness!.started), 'started');
    } finally {
      await bridgeConsole.close();
    }
    const served = await fetch(`${lightning.origin}/support/api/${OPEN_CTI_API_VERSION}/lightning/opencti_min.js`);
    const other = await fetch(`${lightning.origin}/support/api/60.0/lightning/opencti_min.js`);
    const notARecord = await fetch(`${lightning.origin}/lightning/r/Contact/not-an-id/view`);
    console.log(`      opencti_min.js v${OPEN_CTI_API_VERSION}: HTTP ${served.status}, ${(await served.text()).length} bytes; v60.0: HTTP ${other.status}`);
    assert.equal(served.status, 200);
    assert.equal(other.status, 404);
    assert.equal(notARecord.status, 404);
  });
});
