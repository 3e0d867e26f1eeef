import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HostCallEvent } from '../../../widget/src/hosts/host-bridge.js';
import type { ClickToCallApi } from '../../../widget/src/hosts/page/click-to-call-api.js';
import { launchChromium } from '../../browser/chromium.js';
import { bundleForBrowser } from './support/bundle-for-browser.js';
import { answered, ended, outboundCall } from './support/call-views.js';
import { DEMO_PAGE } from './support/demo-page.js';
import type { PageHarness } from './support/page-harness.js';
import { HTML, JS, servePages, type PageServer } from './support/page-server.js';

type PageWindow = Window & { harness: PageHarness; ClickToCall?: ClickToCallApi; seen?: HostCallEvent[] };

/** The page bridge on a CRM-like page in Chromium, clicked with real mouse events. */
describe('page bridge (in Chromium)', function () {
  this.timeout(20_000);
  let browser: Browser;
  let site: PageServer;
  /** The file's one tab (a new tab costs about half a second). */
  let sharedPage: Page;
  /** The tab the running test drives: the shared one, or one of its own (see `ownTab`). */
  let page: Page;
  let ownContext: BrowserContext | null = null;

  before(async () => {
    const script = await bundleForBrowser(fileURLToPath(new URL('./support/page-harness.ts', import.meta.url)));
    site = await servePages({ '/contact.html': { type: HTML, body: DEMO_PAGE }, '/page-harness.js': { type: JS, body: script } });
    browser = await launchChromium();
    sharedPage = await (await browser.newContext()).newPage();
    page = sharedPage;
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  /** A fresh copy of the page, its bridge started. */
  async function openContact(): Promise<void> {
    await page.goto(`${site.origin}/contact.html`);
    assert.equal(await page.evaluate(() => (window as unknown as PageWindow).harness.started), 'started');
  }

  beforeEach(openContact);

  /**
   * For a test whose click on a tel: link the bridge leaves to the browser: the page in a tab and context of its own,
   * closed after the test. The browser acts on such a click: it opens tabs and windows, or hands the number to the
   * system, after which Chromium ignores every mouse and key event sent to that tab, even once navigated elsewhere.
   * The shared tab must keep taking clicks for the tests after it.
   */
  async function ownTab(): Promise<void> {
    ownContext = await browser.newContext();
    page = await ownContext.newPage();
    await openContact();
  }

  afterEach(async () => {
    page = sharedPage;
    const context = ownContext;
    ownContext = null;
    await context?.close();
  });

  function harness<T>(read: (h: PageHarness) => T): Promise<T> {
    return page.evaluate(`(${read.toString()})(window.harness)`) as Promise<T>;
  }

  describe('links', () => {
    it('dials a tel: link with its extension, for the record the link sits in, instead of following it', async () => {
      await page.click('#office-text');
      assert.deepEqual(await harness((h) => h.dials), [
        { number: '+44 20 7946 0958;ext=12', record: { objectType: 'Contact', id: 'CON-0002', name: 'Ada Lovelace' } },
      ]);
      assert.deepEqual(await harness((h) => h.clicks), [true], 'the browser does not follow the link');
      assert.equal(page.url(), `${site.origin}/contact.html`);
    });

    it('dials a sip: link as written', async () => {
      await page.click('#sip');
      assert.deepEqual(await harness((h) => h.dials), [
        { number: 'sip:ada@pbx.demo.test', record: { objectType: 'Contact', id: 'CON-0002', name: 'Ada Lovelace' } },
      ]);
    });

    it('dials a number outside any record without one, whatever the case of its scheme', async () => {
      await page.click('#loose');
      assert.deepEqual(await harness((h) => h.dials), [{ number: '+14155552671', record: null }]);
    });

    it('leaves other links alone', async () => {
      await page.click('#site');
      assert.deepEqual(await harness((h) => h.dials), []);
      assert.deepEqual(await harness((h) => h.clicks), [false]);
    });

    for (const modifier of ['Control', 'Shift', 'Alt', 'Meta'] as const) {
      it(`leaves ${modifier}+click to the browser`, async () => {
        await ownTab();
        await page.click('#loose', { modifiers: [modifier], noWaitAfter: true });
        assert.deepEqual(await harness((h) => h.dials), []);
        assert.deepEqual(await harness((h) => h.clicks), [false]);
      });
    }

    it('leaves a click of another mouse button to the browser', async () => {
      await ownTab();
      await page.dispatchEvent('#loose', 'click', { button: 1 });
      assert.deepEqual(await harness((h) => h.dials), []);
      assert.deepEqual(await harness((h) => h.clicks), [false]);
    });

    it('dials exactly once per click, before the page handles it, even if the page stops it bubbling', async () => {
      await page.evaluate(() => document.getElementById('office')!.addEventListener('click', (event) => event.stopPropagation()));
      await page.click('#office');
      assert.equal((await harness((h) => h.dials)).length, 1);
    });

    it('stops taking over links once stopped', async () => {
      await ownTab();
      await harness((h) => h.stop());
      await page.click('#loose');
      assert.deepEqual(await harness((h) => h.dials), []);
      assert.deepEqual(await harness((h) => h.clicks), [false], 'the click reached the page, and the browser had it');
      assert.equal(await page.evaluate(() => typeof (window as unknown as PageWindow).ClickToCall), 'undefined');
    });
  });

  describe('window.ClickToCall', () => {
    it('dials a number for a record the page names', async () => {
      await page.evaluate(() => (window as unknown as PageWindow).ClickToCall!.dial('+1 415 555 2671', { objectType: 'Lead', id: 'LEA-0001', name: 'Grace Hopper' }));
      await page.evaluate(() => (window as unknown as PageWindow).ClickToCall!.dial('+14155552671'));
      assert.deepEqual(await harness((h) => h.dials), [
        { number: '+1 415 555 2671', record: { objectType: 'Lead', id: 'LEA-0001', name: 'Grace Hopper' } },
        { number: '+14155552671', record: null },
      ]);
    });

    it('says how to call it when given no number or a record without id', async () => {
      const noNumber = await page.evaluate(() => {
        try {
          (window as unknown as PageWindow).ClickToCall!.dial('  ');
          return 'dialled';
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      });
      assert.equal(noNumber, 'TypeError: ClickToCall.dial needs the number to call as text, e.g. ClickToCall.dial("+14155552671").');
      const badRecord = await page.evaluate(() => {
        try {
          (window as unknown as PageWindow).ClickToCall!.dial('+14155552671', { objectType: 'Contact' } as never);
          return 'dialled';
        } catch (error) {
          return (error as Error).message;
        }
      });
      assert.match(badRecord, /takes a record as \{ objectType: "Contact", id: "CON-0001"/);
      assert.deepEqual(await harness((h) => h.dials), []);
    });

    it('hangs up', async () => {
      await page.evaluate(() => (window as unknown as PageWindow).ClickToCall!.hangup());
      assert.equal(await harness((h) => h.hangups()), 1);
    });

    it('tells the page of every call event, through on("call") until unsubscribed and as DOM events', async () => {
      await page.evaluate(() => {
        const w = window as unknown as PageWindow & { unsubscribe?: () => void };
        w.seen = [];
        w.unsubscribe = w.ClickToCall!.on('call', (event) => void w.seen!.push(event));
      });
      const call = outboundCall('page-1@pbx');
      const events: HostCallEvent[] = [
        { type: 'outgoing', call, record: { objectType: 'Contact', id: 'CON-0002', name: 'Ada Lovelace' } },
        { type: 'answered', call: answered(call) },
        { type: 'ended', call: ended(answered(call), { cause: 'hangup', sipStatus: null, hungUpBy: 'agent' }) },
      ];
      await page.evaluate((e) => (window as unknown as PageWindow).harness.notify(e), events[0]!);
      await page.evaluate((e) => (window as unknown as PageWindow).harness.notify(e), events[1]!);
      await page.evaluate(() => (window as unknown as PageWindow & { unsubscribe: () => void }).unsubscribe());
      await page.evaluate((e) => (window as unknown as PageWindow).harness.notify(e), events[2]!);
      assert.deepEqual(await page.evaluate(() => (window as unknown as PageWindow).seen), events.slice(0, 2));
      assert.deepEqual(await harness((h) => h.domEvents), events);
    });

    it('keeps telling other listeners when one of them throws', async () => {
      await page.evaluate(() => {
        const w = window as unknown as PageWindow;
        w.seen = [];
        w.ClickToCall!.on('call', () => {
          throw new Error('page bug');
        });
        w.ClickToCall!.on('call', (event) => void w.seen!.push(event));
      });
      const event: HostCallEvent = { type: 'logged', callId: 'page-2@pbx', record: null };
      await page.evaluate((e) => (window as unknown as PageWindow).harness.notify(e), event);
      assert.deepEqual(await page.evaluate(() => (window as unknown as PageWindow).seen), [event]);
      assert.deepEqual(await harness((h) => h.log.at('error')), ['A page listener of ClickToCall call events failed: page bug']);
    });
  });
});
