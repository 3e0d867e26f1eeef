/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { launchChromium } from './chromium.js';
import { apiOf, keptToken, openConsoleTab, signInWithAdminToken, signInWithKey, type ConsoleTab } from './support/console-browser.js';
import { CONSOLE_ADMIN_TOKEN, startConsoleConnector, type ConsoleConnector } from './support/console-connector.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * How the admin console keeps (and stops keeping) who is signed in, in Chromium against the real connector: session
 * refreshes on the connector's clock when this browser's is hours off, a kept credential through a connector outage,
 * the words it uses when the connector ends a session, and a sign-in field no password manager offers to save.
 */
describe('admin console sign-in and session in Chromium', function () {
  this.timeout(60_000);
  let connector: ConsoleConnector;
  let browser: Browser;
  let tab: ConsoleTab | null = null;
  const ada = newSignInKey();
  const api = apiOf(() => connector.baseUrl);

  const open = async (options: Parameters<typeof openConsoleTab>[1] = {}): Promise<Page> => {
    tab = await openConsoleTab(browser, options);
    await tab.page.goto(`${connector.baseUrl}/admin/`);
    return tab.page;
  };

  before(async () => {
    connector = await startConsoleConnector();
    await connector.store.createAgent({ id: 'ada', name: 'Ada Lovelace', crmUserId: null, disabled: false, role: 'admin', tokenHash: ada.hash });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await connector?.close();
  });

  afterEach(async () => {
    const errors = tab?.errors.splice(0) ?? [];
    await tab?.context.close();
    tab = null;
    assert.deepEqual(errors, [], 'the page logged no errors');
  });

  for (const [where, skew] of [['ahead of', 3 * HOUR], ['behind', -3 * HOUR]] as const) {
    it(`refreshes an admin agent’s session once, a minute before it expires, when this browser’s clock is 3 h ${where} the connector’s`, async () => {
      const page = await open({ clock: { at: Date.now() + skew } });
      const refreshes: number[] = [];
      page.on('response', (response) => {
        if (response.url().endsWith('/api/v1/auth/refresh')) refreshes.push(response.status());
      });
      await signInWithKey(page, ada.key, 'Ada Lovelace (ada)');
      const first = await keptToken(page);

      // Sessions last 15 minutes: after 13 there is no reason to refresh yet.
      await page.clock.fastForward(13 * MINUTE);
      await page.waitForTimeout(300);
      assert.deepEqual(refreshes, [], 'no refresh while the session has minutes to run');

      const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
      await page.clock.fastForward(MINUTE + 5_000);
      assert.equal((await refreshed).status(), 200, 'refreshed a minute before the end, on the connector’s clock');
      await page.waitForFunction((before) => !Object.values(sessionStorage).join().includes(before), first);
      await page.clock.fastForward(MINUTE);
      await page.waitForTimeout(300);
      assert.deepEqual(refreshes, [200], 'exactly one refresh: no loop');
      assert.equal((await api('GET', '/api/v1/admin/agents', { token: await keptToken(page) })).status, 200, 'the refreshed session works');
    });
  }

  it('keeps the credential through a connector outage at reload, and opens the console on Try again', async () => {
    const page = await open({ allowErrors: [/^Failed to load resource: net::/] });
    await signInWithAdminToken(page);
    await page.route('**/api/v1/admin/agents', (route) => route.abort('connectionrefused'), { times: 1 });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Could not reach the connector' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Could not reach the connector to check your sign-in.' }).waitFor();
    assert.match(await page.evaluate(() => Object.values(sessionStorage).join()), new RegExp(CONSOLE_ADMIN_TOKEN), 'the admin token is still kept');

    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Signed in: Admin token').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Usage' }).waitFor();
  });

  it('says the session ended, in its own words, when the connector stops taking it: in the console and at a reload', async () => {
    const page = await open();
    await signInWithKey(page, ada.key, 'Ada Lovelace (ada)');
    assert.equal((await api('POST', '/api/v1/admin/agents/ada/sign-out')).status, 204, 'another admin signs Ada out everywhere');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Agents' }).click();
    const ended = page.getByRole('alert').filter({ hasText: 'Your session ended; sign in again.' });
    await ended.waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /Bearer|send the session token/, 'no advice meant for developers');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the ended session is forgotten');

    await signInWithKey(page, ada.key, 'Ada Lovelace (ada)');
    assert.equal((await api('POST', '/api/v1/admin/agents/ada/sign-out')).status, 204);
    await page.reload();
    await ended.waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  });

  it('masks the admin token in a field that is not a password field, so browsers never offer to save it', async () => {
    const page = await open();
    const secret = page.getByRole('textbox', { name: 'Admin token' });
    assert.equal(await secret.getAttribute('type'), 'text');
    assert.equal(await page.locator('input[type="password"]').count(), 0, 'no password field for a password manager to save');
    assert.equal(await secret.evaluate((node) => getComputedStyle(node).getPropertyValue('-webkit-text-security')), 'disc', 'what is typed shows as dots');
  });
});
