/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { HARNESS_ORIGIN, onRig, routeHarness } from '../widget/ui/harness/harness-page.js';
import { MARIA_KEY } from '../widget/app/fakes/fake-auth-api.js';
import { OUTPUT_DIR, useHarnessBrowser } from './harness-browser.js';

const NAMED_ROLES = new Set(['button', 'textbox', 'combobox', 'checkbox', 'link', 'spinbutton', 'searchbox']);

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
}

/** Controls Chromium's accessibility tree exposes without a name: what a screen reader would announce as "button". */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored && NAMED_ROLES.has(n.role?.value ?? '') && (n.name?.value ?? '').trim() === '')
    .map((n) => n.role?.value ?? '?');
}

/** Controls of the widget that stick out of the viewport, and whether the page scrolls sideways. */
function overflow(page: Page): Promise<{ scrollsSideways: boolean; outside: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const outside = Array.from(document.querySelectorAll<HTMLElement>('.c2c button, .c2c input, .c2c select, .c2c textarea'))
      .filter((e) => e.getClientRects().length > 0)
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.left < 0 || r.right > width + 0.5;
      })
      .map((e) => e.getAttribute('aria-label') ?? e.textContent ?? e.tagName);
    return { scrollsSideways: document.documentElement.scrollWidth > width, outside };
  });
}

/** Whether an element is wholly inside the viewport, without scrolling. */
function inView(page: Page, selectorText: string): Promise<boolean> {
  return page.getByRole('button', { name: selectorText, exact: true }).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

describe('widget layout and accessibility in Chromium', function () {
  this.timeout(90_000);
  const chromium = useHarnessBrowser();
  const pageErrors: string[] = [];

  for (const viewport of [{ width: 400, height: 550 }, { width: 250, height: 550 }]) {
    const size = `${viewport.width}x${viewport.height}`;

    it(`fits every screen in ${size}, and names every control for screen readers`, async () => {
      const page = await chromium.browser.newPage({ viewport });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await routeHarness(page, chromium.bundle);
      await page.goto(`${HARNESS_ORIGIN}/`);
      await page.evaluate('window.harness.ready');

      async function check(screen: string): Promise<void> {
        await page.screenshot({ path: path.join(OUTPUT_DIR, `widget-${screen}-${size}.png`) });
        assert.deepEqual(await overflow(page), { scrollsSideways: false, outside: [] }, `${screen} at ${size}`);
        assert.deepEqual(await unnamedControls(page), [], `unnamed controls on ${screen} at ${size}`);
      }

      await check('sign-in');
      await page.getByLabel('Sign-in key').fill(MARIA_KEY);
      await page.getByLabel('Sign-in key').press('Enter');
      await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
      assert.ok(await inView(page, 'Call'), 'the Call button shows without scrolling');
      await check('dial');
      await onRig(page, (rig) =>
        rig.phone.setRegistration('reconnecting', { code: 'server-unreachable', message: 'Cannot reach the SIP server wss://sip.example.com:8443. Retrying; check your network connection.' }),
      );
      await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
      await check('reconnecting');
      await onRig(page, (rig) => rig.phone.setRegistration('registered', null));

      await page.getByLabel('Number to call').fill('415 555 2671');
      await page.getByLabel('Number to call').press('Enter');
      await onRig(page, (rig) => rig.phone.calls[0]!.answered());
      await page.getByRole('button', { name: 'Keypad' }).click();
      assert.ok(await inView(page, 'Hang up'), 'Hang up shows without scrolling, keypad open');
      await check('in-call');

      await page.getByRole('button', { name: 'Keypad' }).click();
      await page.getByRole('button', { name: 'Transfer', exact: true }).click();
      await page.getByLabel('Transfer to').waitFor();
      await check('transfer');
      await page.getByRole('button', { name: 'Cancel transfer' }).click();

      await onRig(page, (rig) => void rig.phone.ring('+14155550000'));
      await page.getByText('Answering puts Maria Gonzalez on hold.').waitFor();
      await check('call-waiting');
      await page.getByRole('button', { name: 'Answer' }).click();
      await page.getByRole('button', { name: 'Switch to Maria Gonzalez' }).waitFor();
      await check('two-calls');

      await page.getByRole('button', { name: 'Hang up' }).click();
      await page.getByRole('button', { name: 'Hang up' }).click();
      await page.getByRole('heading', { name: 'Wrap up' }).waitFor();
      await check('wrap-up');
      await page.getByRole('button', { name: 'Skip' }).click();
      await page.getByRole('button', { name: 'Skip' }).click();
      await page.getByRole('button', { name: /^Call back / }).first().waitFor();
      await check('recent');

      await page.getByRole('button', { name: 'Audio devices' }).click();
      await page.getByLabel('Microphone').waitFor();
      await check('devices');
      await page.close();
      assert.deepEqual(pageErrors.splice(0), []);
    });

    it(`fits the sign-in with the CRMs and a key in ${size}`, async () => {
      const page = await chromium.browser.newPage({ viewport });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await routeHarness(page, chromium.bundle);
      await page.goto(`${HARNESS_ORIGIN}/?popup-connector=${encodeURIComponent('http://connector.test')}`);
      await page.evaluate('window.harness.ready');
      await page.getByRole('button', { name: 'Sign in with HubSpot' }).waitFor();
      await page.screenshot({ path: path.join(OUTPUT_DIR, `widget-sign-in-crm-${size}.png`) });
      assert.deepEqual(await overflow(page), { scrollsSideways: false, outside: [] });
      assert.deepEqual(await unnamedControls(page), []);
      assert.ok(await inView(page, 'Sign in'), 'the key’s Sign in button shows without scrolling');
      await page.close();
      assert.deepEqual(pageErrors.splice(0), []);
    });
  }
});
