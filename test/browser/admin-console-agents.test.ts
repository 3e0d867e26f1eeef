/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { Browser, Page, Route } from 'playwright-core';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { launchChromium } from './chromium.js';
import { apiOf, goTo, openConsoleTab, signInWithAdminToken, type ConsoleTab } from './support/console-browser.js';
import { startConsoleConnector, type ConsoleConnector } from './support/console-connector.js';

const MARKUP = '<img src=x onerror=window.__xss=1>';

/**
 * The agents page in Chromium against the real connector, where it can go wrong: a one-time secret while the admin
 * moves on, names that hold markup, reads of the table that answer out of order or while the tab is hidden, fields
 * that hold junk, and where focus goes after Cancel.
 */
describe('admin console agents page in Chromium', function () {
  this.timeout(60_000);
  let connector: ConsoleConnector;
  let browser: Browser;
  let tab: ConsoleTab;
  let page: Page;
  const api = apiOf(() => connector.baseUrl);
  const row = (id: string) => page.locator(`tr[data-agent-row="${id}"]`);
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  const openManage = async (id: string) => {
    await row(id).getByRole('button', { name: `Manage ${id}` }).click();
    await page.getByRole('group', { name: `Actions for ${id}` }).waitFor();
  };

  before(async () => {
    connector = await startConsoleConnector();
    await connector.store.createAgent({ id: 'maria', name: 'Maria Gonzalez', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    browser = await launchChromium();
    tab = await openConsoleTab(browser, { clock: {} });
    page = tab.page;
    await page.goto(`${connector.baseUrl}/admin/`);
    await signInWithAdminToken(page);
    await goTo(page, 'Agents', 'Agents');
  });

  after(async () => {
    await browser?.close();
    await connector?.close();
  });

  afterEach(() => assert.deepEqual(tab.errors.splice(0), [], 'the page logged no errors'));

  it('stays on the page while a new sign-in key is on its way, shows the key, and keeps it on screen through a route change', async () => {
    const held: { route?: Route } = {};
    await page.route('**/api/v1/admin/agents/maria/sign-in-key', (route) => void (held.route = route), { times: 1 });
    await openManage('maria');
    await page.getByRole('button', { name: 'New sign-in key' }).click();
    await page.getByRole('button', { name: 'Yes, make a new key' }).click();
    while (!held.route) await page.waitForTimeout(20);

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('status').filter({ hasText: 'Wait for the new sign-in key of maria: it is shown only once' }).waitFor();
    assert.match(page.url(), /#\/agents$/, 'the console stayed on the agents page');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Agents');

    await held.route.continue();
    const dialog = page.getByRole('dialog', { name: 'New sign-in key for maria' });
    const key = await dialog.getByLabel('Sign-in key').inputValue();
    assert.equal((await api('POST', '/api/v1/auth/local', { body: { key } })).status, 200, 'the key shown is Maria’s new key');

    // Once shown, the key outlives the page: the back button (or a typed address) changes the route under it.
    await page.evaluate(() => (location.hash = '#/usage'));
    await page.getByRole('heading', { level: 1, name: 'Usage', includeHidden: true }).waitFor({ state: 'attached' });
    assert.equal(await dialog.getByLabel('Sign-in key').inputValue(), key, 'the key is still shown');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await goTo(page, 'Agents', 'Agents');
  });

  it('shows names, teams and audit details that hold markup as text, never running it', async () => {
    const created = await api('POST', '/api/v1/admin/agents', { body: { id: 'markup', name: MARKUP, team: '<b>Sales</b>' } });
    assert.equal(created.status, 201);
    await page.clock.fastForward(16_000);
    await row('markup').waitFor();
    assert.deepEqual((await row('markup').locator('td').allTextContents()).slice(0, 4), ['markup', MARKUP, 'Agent', '<b>Sales</b>']);
    await openManage('markup');
    await page.getByRole('heading', { level: 2, name: `${MARKUP} (markup)` }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();

    await goTo(page, 'Audit log', 'Audit log');
    const details = page.locator('tbody tr').filter({ hasText: 'agent.create' }).filter({ hasText: 'markup' }).locator('code.details');
    assert.match((await details.textContent()) ?? '', /"name":"<img src=x onerror=window\.__xss=1>"/);
    await goTo(page, 'Usage', 'Usage');
    await page.getByText('Agents: all').click();
    await page.getByLabel(`${MARKUP} (markup)`).waitFor();
    assert.equal(await page.locator('#console img, #console b').count(), 0, 'no element was made from the markup');
    assert.equal(await page.evaluate(() => (window as { __xss?: unknown }).__xss), undefined, 'no script ran');
    await goTo(page, 'Agents', 'Agents');
  });

  it('drops a late answer to an older read of the table', async () => {
    const held: { release?: () => Promise<void> } = {};
    await page.route('**/api/v1/admin/agents', async (route) => {
      const response = await route.fetch();
      held.release = () => route.fulfill({ response });
    }, { times: 1 });
    await page.clock.fastForward(16_000);
    while (!held.release) await page.waitForTimeout(20);

    await openManage('maria');
    await page.getByRole('group', { name: 'Actions for maria' }).getByRole('button', { name: 'Disable' }).click();
    await row('maria').getByText('Disabled').waitFor();
    const stale = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/agents'));
    await held.release();
    await stale;
    await page.waitForTimeout(300);
    assert.equal(await row('maria').getByText('Disabled').count(), 1, 'the older answer (maria enabled) did not replace the newer one');
    await page.getByRole('group', { name: 'Actions for maria' }).getByRole('button', { name: 'Enable' }).click();
    await row('maria').locator('td').nth(7).filter({ hasText: /^No$/ }).waitFor();
  });

  it('reads nothing while the tab is hidden, and reads at once when it shows again', async () => {
    const reads: string[] = [];
    const onRequest = (request: { url(): string; method(): string }) => {
      if (request.method() === 'GET' && request.url().endsWith('/api/v1/admin/agents')) reads.push(request.url());
    };
    page.on('request', onRequest);
    const setHidden = (hidden: boolean) =>
      page.evaluate((value) => {
        // Data properties, not getters: the test runner's transform would wrap a function here in a helper the page lacks.
        Object.defineProperty(document, 'hidden', { configurable: true, value });
        Object.defineProperty(document, 'visibilityState', { configurable: true, value: value ? 'hidden' : 'visible' });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    try {
      await setHidden(true);
      await page.clock.fastForward(60_000);
      await page.waitForTimeout(200);
      assert.equal(reads.length, 0, 'a hidden tab asks the connector nothing');
      const read = page.waitForRequest((r) => r.method() === 'GET' && r.url().endsWith('/api/v1/admin/agents'));
      await setHidden(false);
      await read;
      await page.clock.fastForward(15_000);
      await page.waitForTimeout(200);
      assert.equal(reads.length, 2, 'read when shown again, then every 15 s');
    } finally {
      page.off('request', onRequest);
      await page.evaluate(() => {
        delete (document as { hidden?: boolean }).hidden;
        delete (document as { visibilityState?: string }).visibilityState;
      });
    }
  });

  it('refuses junk in a call limit next to the field, sending nothing, and Cancel puts focus back where it was', async () => {
    const sent: string[] = [];
    const onRequest = (request: { method(): string; url(): string }) => request.method() === 'PATCH' && sent.push(request.url());
    page.on('request', onRequest);
    await openManage('maria');
    const form = page.getByRole('form', { name: 'Edit maria' });
    const perMinute = form.getByLabel('Calls per minute');
    await perMinute.pressSequentially('1e');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByRole('alert').filter({ hasText: 'Calls per minute: enter a whole number of 1 or more, or leave it empty.' }).waitFor();
    assert.equal(await perMinute.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'limits.callsPerMinute', 'focus is on the field to fix');
    assert.match((await perMinute.evaluate((node) => document.getElementById(node.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent)) ?? '', /^Enter a whole number/);
    page.off('request', onRequest);
    assert.deepEqual(sent, [], 'nothing was sent');

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await focusedText(), 'Sign out everywhere', 'Cancel of a question returns to its button');
    await form.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Manage maria', 'closing the panel returns to its Manage button');
  });
});
