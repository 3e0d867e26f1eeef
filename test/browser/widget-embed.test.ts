/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { HARNESS_ORIGIN, onRig, routeHarness } from '../widget/ui/harness/harness-page.js';
import { MARIA_KEY } from '../widget/app/fakes/fake-auth-api.js';
import { OUTPUT_DIR, useHarnessBrowser } from './harness-browser.js';


describe('widget embedded in a web page, in Chromium (fake phone and connector)', function () {
  this.timeout(60_000);
  const chromium = useHarnessBrowser();
  let page: Page;
  const pageErrors: string[] = [];

  beforeEach(async () => {
    page = await chromium.browser.newPage({ viewport: { width: 1024, height: 700 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await routeHarness(page, chromium.bundle);
    await page.goto(`${HARNESS_ORIGIN}/embed`);
    await page.evaluate('window.harness.ready');
  });

  afterEach(async () => {
    await page.close();
    assert.deepEqual(pageErrors.splice(0), [], 'the page logged no errors');
  });

  async function signIn(): Promise<void> {
    await page.getByRole('button', { name: /^Phone/ }).click();
    await page.getByLabel('Sign-in key').fill(MARIA_KEY);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor();
  }

  it('starts as a collapsed launcher at the bottom right, and neither page nor widget restyles the other', async () => {
    const launcher = page.getByRole('button', { name: 'Phone · Signed out' });
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByLabel('Sign-in key').isVisible(), false);
    const box = (await launcher.boundingBox())!;
    assert.ok(box.x + box.width > 1024 - 40 && box.y + box.height > 700 - 40, `launcher at ${JSON.stringify(box)}`);
    const pageButton = await page.locator('#page-button').evaluate((e) => getComputedStyle(e).borderTopStyle + ' ' + getComputedStyle(e).backgroundColor);
    assert.equal(pageButton, 'dashed rgb(255, 0, 255)', 'the page’s own button keeps the page’s style');
    const ours = await launcher.evaluate((e) => [getComputedStyle(e).borderTopStyle, getComputedStyle(e).backgroundColor, getComputedStyle(e).fontFamily]);
    assert.notEqual(ours[0], 'dashed', 'the page’s button border does not reach the widget');
    assert.notEqual(ours[1], 'rgb(255, 0, 255)', 'nor its background');
    assert.doesNotMatch(ours[2]!, /Georgia/, 'nor its font');
    await launcher.click();
    assert.equal(await page.getByRole('button', { name: 'Hide phone' }).getAttribute('aria-expanded'), 'true');
    await page.getByLabel('Sign-in key').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'password', 'opening the panel moves focus into it');
    await page.keyboard.press('Escape');
    assert.equal(await page.getByLabel('Sign-in key').isVisible(), false, 'Escape folds the panel');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.includes('Phone')), true, 'focus returns to the launcher');
  });

  it('dials a tel: link with the record of the element around it, opening the panel', async () => {
    await signIn();
    await page.getByRole('button', { name: 'Hide phone' }).click();
    await page.getByRole('link', { name: '(415) 555-2671' }).click();
    await page.getByRole('region', { name: 'Call in progress' }).getByText('Maria Gonzalez').waitFor();
    assert.deepEqual(await onRig(page, (rig) => rig.connector.resolved), [{ number: '+14155552671', record: { objectType: 'Contact', id: 'CON-0001' }, purpose: 'dial' }]);
    assert.equal(await onRig(page, (rig) => rig.phone.dialled.length), 1);
    assert.equal(new URL(page.url()).pathname, '/embed');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'widget-embedded-call.png') });
  });

  it('asks to sign in when a number is clicked before signing in, and dials nothing', async () => {
    await page.getByRole('link', { name: '(415) 555-0000' }).click();
    await page.getByText('Sign in first, then call +14155550000 again.').waitFor();
    await page.getByLabel('Sign-in key').waitFor();
    assert.deepEqual(await onRig(page, (rig) => rig.phone.dialled), []);
  });

  it('rings in the panel without taking focus from the page, and tells the page of the call', async () => {
    await signIn();
    await page.getByRole('button', { name: 'Hide phone' }).click();
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      window.addEventListener('clicktocall:call', (e) => seen.push((e as CustomEvent<{ type: string }>).detail.type));
    });
    await page.locator('#page-button').focus();
    await onRig(page, (rig) => void rig.phone.ring('+14155552671'));
    await page.getByRole('region', { name: 'Incoming call' }).getByText('Maria Gonzalez').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-button', 'the agent’s typing stays in the page');
    await page.getByRole('button', { name: 'Answer' }).click();
    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('button', { name: 'Skip' }).click();
    await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.length === 4);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { seen: string[] }).seen), ['incoming', 'answered', 'ended', 'completed']);
  });
});
