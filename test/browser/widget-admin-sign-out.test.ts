/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDemoAdapter } from '../../connector/src/crm/demo/demo-adapter.js';
import { DemoCrmDb } from '../../connector/src/crm/demo/demo-crm-db.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { buildWidget } from '../../widget/build.js';
import { launchChromium } from './chromium.js';
import { startDemoConnector } from './demo-connector.js';

const ADMIN_TOKEN = 'admin-token-for-the-admin-sign-out-test-0123456789';

describe('the widget follows the connector’s pushes, in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let context: BrowserContext | undefined;
  let server: Server;
  let db: DemoCrmDb;
  let store: SqliteStore;
  let widgetDir: string;
  let baseUrl: string;
  let agents = 0;

  const admin = (method: string, route: string, body?: unknown) =>
    fetch(`${baseUrl}/api/v1/admin${route}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** The event streams open on the connector, as its `connector_push_streams` gauge says. */
  const openStreams = async (): Promise<number> => {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    return Number(/^connector_push_streams (\d+)$/m.exec(text)?.[1]);
  };
  const streamsBecome = async (count: number): Promise<void> => {
    const deadline = Date.now() + 5000;
    while ((await openStreams()) !== count) {
      if (Date.now() > deadline) throw new Error(`the connector never held ${count} streams (it holds ${await openStreams()})`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  /** A new agent with a SIP account, and its sign-in key. */
  const newAgent = async (): Promise<{ id: string; key: string }> => {
    const id = `agent-${++agents}`;
    const created = await admin('POST', '/agents', {
      id,
      name: 'Maria Agent',
      sip: { username: id, password: 'Quartz-Lantern-Orbit-92', domain: 'pbx.demo.test', wsServer: 'ws://127.0.0.1:5066' },
    });
    assert.equal(created.status, 201);
    return { id, key: ((await created.json()) as { signInKey: string }).signInKey };
  };

  const collectErrors = (page: Page): string[] => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return errors;
  };

  /** Signs in on a new page of the test's context; resolves once the widget is ready and its push stream open. */
  const signedInPage = async (key: string): Promise<Page> => {
    const page = await context!.newPage();
    await page.goto(`${baseUrl}/#/Contact/CON-0001`);
    await page.getByRole('button', { name: 'Phone · Signed out' }).click();
    await page.getByLabel('Sign-in key').fill(key);
    // Signed in means following the push stream: its connection is what the changes travel on.
    const streamOpen = page.waitForResponse((r) => r.url() === `${baseUrl}/api/v1/agent/events` && r.status() === 200);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor();
    await streamOpen;
    return page;
  };

  before(async () => {
    // The real softphone.js with a fake phone (no SIP server needed): the push stream and the app are the real ones.
    widgetDir = path.join(os.tmpdir(), `admin-sign-out-widget-${process.pid}`);
    await buildWidget({ entry: path.resolve('test/widget/ui/harness/demo-harness.ts'), outDir: widgetDir, publicDir: null });
    db = DemoCrmDb.open(':memory:');
    store = SqliteStore.open(':memory:');
    ({ server, baseUrl } = await startDemoConnector({ db, store, crm: createDemoAdapter(db), adminToken: ADMIN_TOKEN, widgetDir }));
    browser = await launchChromium();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  });

  afterEach(async () => {
    // Its push streams are connections the server would otherwise wait for.
    await context?.close();
    context = undefined;
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    db?.close();
    await store?.close();
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true });
  });

  it('shows the widget signed out with the admin’s reason within moments of the admin disabling the agent', async () => {
    const { id, key } = await newAgent();
    const page = await signedInPage(key);
    const pageErrors = collectErrors(page);

    const changed = Date.now();
    assert.equal((await admin('PATCH', `/agents/${id}`, { disabled: true })).status, 200);
    await page.getByRole('alert').filter({ hasText: 'An admin disabled your agent account, so you were signed out.' }).waitFor({ timeout: 3000 });
    await page.getByRole('status').filter({ hasText: /^Signed out$/ }).waitFor({ timeout: 1000 });
    const tookMs = Date.now() - changed;
    assert.ok(tookMs < 3000, `signed out ${tookMs} ms after the admin's change`);
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!kept.includes('"token'), 'the session is forgotten');
    await streamsBecome(0);
    assert.deepEqual(pageErrors, []);
  });

  it('signs the agent out in its other tab when it signs out in one', async () => {
    const { key } = await newAgent();
    const first = await signedInPage(key);
    // The second tab takes up the session the first one kept.
    const second = await context!.newPage();
    const streamOpen = second.waitForResponse((r) => r.url() === `${baseUrl}/api/v1/agent/events` && r.status() === 200);
    await second.goto(`${baseUrl}/#/Contact/CON-0001`);
    await second.getByRole('button', { name: /^Phone · / }).click();
    await second.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor();
    await streamOpen;
    await streamsBecome(2);
    await second.getByRole('button', { name: 'Sign out' }).click();
    await first
      .getByRole('alert')
      .filter({ hasText: 'You signed out in another tab or window, which signs you out everywhere. Sign in again to use the phone here.' })
      .waitFor({ timeout: 3000 });
    await first.getByRole('status').filter({ hasText: /^Signed out$/ }).waitFor({ timeout: 1000 });
    await streamsBecome(0);
  });

  it('holds no push stream while its tab is hidden, and opens one again once it is shown', async () => {
    const { key } = await newAgent();
    const page = await signedInPage(key);
    const pageErrors = collectErrors(page);
    await streamsBecome(1);
    // As the browser does when the agent switches to another tab.
    const show = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { value, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await show('hidden');
    await streamsBecome(0);
    const reopened = page.waitForResponse((r) => r.url() === `${baseUrl}/api/v1/agent/events` && r.status() === 200);
    await show('visible');
    await reopened;
    await streamsBecome(1);
    await page.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor({ timeout: 1000 });
    assert.deepEqual(pageErrors, []);
  });
});
