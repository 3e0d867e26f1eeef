/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { HARNESS_ORIGIN, onRig, routeHarness } from '../widget/ui/harness/harness-page.js';
import { OUTPUT_DIR, useHarnessBrowser } from './harness-browser.js';

/**
 * The made-up origin of the connector whose sign-in pages this test plays; the widget page is at `HARNESS_ORIGIN`.
 * HTTPS, as in production: browsers apply `Cross-Origin-Opener-Policy` only there.
 */
const CONNECTOR = 'https://connector.test';

/** What the fake connector's sign-in page does once it opened. */
type PopupScript = 'session' | 'error' | 'stay-open';

/**
 * The page `/auth/<crm>/start` ends on at a real connector (its callback page): it posts to its opener, addressed to
 * the `return` origin only, and closes itself. `stay-open` does nothing, like an agent still typing a password.
 */
function signInPage(script: PopupScript, returnOrigin: string): string {
  const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
  const refreshUntil = new Date(Date.now() + 12 * 3600_000).toISOString();
  const message =
    script === 'session'
      ? { type: 'click-to-call:session', token: 'maria-popup-session-1', expiresAt, refreshUntil, agent: { id: 'maria', name: 'Maria Gonzalez', role: 'agent' } }
      : { type: 'click-to-call:sign-in-error', code: 'NO_AGENT_FOR_CRM_USER', message: 'Your HubSpot user has no agent profile; ask your admin to add one.' };
  const post = script === 'stay-open' ? '' : `window.opener.postMessage(${JSON.stringify(message)}, ${JSON.stringify(returnOrigin)}); window.close();`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in</title></head>
<body><p>Signing you in…</p><script>${post}</script></body></html>`;
}

describe('widget sign-in with the CRM in a popup, in Chromium (fake connector pages)', function () {
  this.timeout(60_000);
  const chromium = useHarnessBrowser();
  let context: BrowserContext;
  let page: Page;
  let script: PopupScript = 'session';
  const started: string[] = [];
  const pageErrors: string[] = [];

  beforeEach(async () => {
    context = await chromium.browser.newContext({ viewport: { width: 400, height: 550 } });
    // Routed on the context: the popup is a page of its own, and its requests must reach the fake connector too.
    await context.route(`${CONNECTOR}/**`, (route: Route) => {
      const url = new URL(route.request().url());
      started.push(`${url.pathname}${url.search}`);
      if (/^\/auth\/(salesforce|hubspot)\/start$/.test(url.pathname)) {
        // A popup page with any other opener policy (`same-origin`, `same-origin-allow-popups`) loses `window.opener`
        // when its opener is another origin, and the session could not be posted back.
        const headers = { 'Cross-Origin-Opener-Policy': 'unsafe-none' };
        return route.fulfill({ contentType: 'text/html', headers, body: signInPage(script, url.searchParams.get('return') ?? '') });
      }
      return route.fulfill({ status: 404, body: 'not found' });
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await routeHarness(page, chromium.bundle);
    await page.goto(`${HARNESS_ORIGIN}/?popup-connector=${encodeURIComponent(CONNECTOR)}`);
    await page.evaluate('window.harness.ready');
  });

  afterEach(async () => {
    started.splice(0);
    await context.close();
    assert.deepEqual(pageErrors.splice(0), [], 'the page logged no errors');
  });

  it('signs in with Salesforce in a popup that posts the session back, with no cookie anywhere', async () => {
    script = 'session';
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with Salesforce' }).click();
    const popup = await popupOpened;
    // The popup posts the session and closes itself at once: it may be gone before a listener for its close exists.
    if (!popup.isClosed()) await popup.waitForEvent('close');
    await page.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor();
    await page.getByText('Maria Gonzalez').waitFor();
    assert.deepEqual(started, [`/auth/salesforce/start?return=${encodeURIComponent(HARNESS_ORIGIN)}`]);
    assert.deepEqual(await onRig(page, (rig) => rig.connector.tokens.at(-1)), 'maria-popup-session-1', 'the connector is asked with the posted session');
    assert.deepEqual(await context.cookies(), []);
  });

  it('shows why the CRM sign-in failed, as the connector’s page said', async () => {
    script = 'error';
    await page.getByRole('button', { name: 'Sign in with HubSpot' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your HubSpot user has no agent profile; ask your admin to add one.' }).waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'widget-sign-in-error-400x550.png') });
    assert.equal(await onRig(page, (rig) => rig.auth.asked.filter((a) => a !== 'methods').length), 0);
  });

  it('ignores a session posted by anyone but the popup, and says so when the popup is closed without signing in', async () => {
    script = 'stay-open';
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with Salesforce' }).click();
    const popup = await popupOpened;
    await page.getByText('Finish signing in with Salesforce in the window that opened.').waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'widget-sign-in-popup-open-400x550.png') });
    // The widget's own page (any script in it, or another frame) posting a session is not the connector's popup.
    await page.evaluate(() =>
      window.postMessage(
        { type: 'click-to-call:session', token: 'forged', expiresAt: new Date(Date.now() + 60_000).toISOString(), refreshUntil: new Date(Date.now() + 60_000).toISOString(), agent: { id: 'maria', name: 'Mallory', role: 'admin' } },
        '*',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await page.getByRole('status').textContent(), 'Signed out');
    await popup.close();
    await page.getByRole('alert').filter({ hasText: /^The Salesforce sign-in window closed before you signed in\./ }).waitFor();
    assert.equal(await onRig(page, (rig) => rig.connectors.length), 0, 'no connector client was ever made');
  });
});
