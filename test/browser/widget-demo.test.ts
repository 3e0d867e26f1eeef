/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createDemoAdapter } from '../../connector/src/crm/demo/demo-adapter.js';
import { DemoCrmDb } from '../../connector/src/crm/demo/demo-crm-db.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { OutboxWorker } from '../../connector/src/outbox/outbox-worker.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { buildWidget } from '../../widget/build.js';
import { WORKER_OPTIONS } from '../outbox/worker-options.js';
import { launchChromium } from './chromium.js';
import { startDemoConnector } from './demo-connector.js';

const OUTPUT_DIR = path.resolve('test-output');
const ADMIN_TOKEN = 'admin-token-for-the-widget-demo-test-0123456789';

/** The fake phone inside the page (test/widget/app/fakes/fake-soft-phone.ts), as far as this test drives it. */
interface PagePhone {
  dialled: { sipUri: string; extension: string | null }[];
  calls: { answered(at?: number): void; remoteHangup(): void }[];
}

describe('the demo CRM page dials through the embedded widget', function () {
  this.timeout(90_000);
  let browser: Browser;
  let server: Server;
  let db: DemoCrmDb;
  let store: SqliteStore;
  let worker: OutboxWorker;
  let widgetDir: string;
  let baseUrl: string;
  let signInKey: string;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    // The real softphone.js, its sip.js phone swapped for a fake one whose far end this test plays.
    widgetDir = path.join(os.tmpdir(), `demo-widget-fake-phone-${process.pid}`);
    await buildWidget({ entry: path.resolve('test/widget/ui/harness/demo-harness.ts'), outDir: widgetDir, publicDir: null });
    db = DemoCrmDb.open(':memory:');
    store = SqliteStore.open(':memory:');
    const crm = createDemoAdapter(db);
    worker = new OutboxWorker({ store, crm, logger: createLogger('silent'), options: WORKER_OPTIONS });
    ({ server, baseUrl } = await startDemoConnector({ db, store, crm, adminToken: ADMIN_TOKEN, widgetDir }));
    const created = await fetch(`${baseUrl}/api/v1/admin/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'maria',
        name: 'Maria Agent',
        sip: { username: 'maria', password: 'Quartz-Lantern-Orbit-92', domain: 'pbx.demo.test', wsServer: 'ws://127.0.0.1:5066' },
      }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    signInKey = ((await created.json()) as { signInKey: string }).signInKey;
    browser = await launchChromium();
  });

  after(async () => {
    await page?.close();
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    db?.close();
    await store?.close();
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true });
  });

  it('signs in from the panel, dials a record’s tel: link with its record, and shows the call and its wrap-up on the timeline', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${baseUrl}/#/Contact/CON-0001`);
    await page.getByRole('heading', { name: 'Maria Gonzalez' }).waitFor();

    const launcher = page.getByRole('button', { name: 'Phone · Signed out' });
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false', 'the panel starts collapsed');
    await launcher.click();
    await page.getByLabel('Sign-in key').fill(signInKey);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor();
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.ok(!kept.includes(signInKey), 'the sign-in key is kept nowhere in the browser');
    assert.match(kept, /"token\\":/, 'the short-lived session is what is kept');
    await page.getByRole('button', { name: 'Hide phone' }).click();

    await page.getByRole('link', { name: '(415) 555-2671 x204' }).click();
    const panel = page.getByRole('region', { name: 'Call in progress' });
    await panel.getByText('Maria Gonzalez').waitFor();
    assert.equal(new URL(page.url()).hash, '#/Contact/CON-0001', 'the click dialled instead of following the link');
    const phone = () => page.evaluate(() => (window as unknown as { fakePhone: PagePhone }).fakePhone.dialled);
    assert.deepEqual(await phone(), [{ sipUri: 'sip:+14155552671@pbx.demo.test;user=phone', extension: '204', display: '+1 415 555 2671' }]);

    await page.evaluate(() => (window as unknown as { fakePhone: PagePhone }).fakePhone.calls[0]!.answered());
    await page.evaluate(() => (window as unknown as { fakePhone: PagePhone }).fakePhone.calls[0]!.remoteHangup());
    await page.getByLabel('Disposition').selectOption({ index: 1 });
    const disposition = await page.getByLabel('Disposition').inputValue();
    await page.getByLabel('Notes').fill('Asked for a quote by Friday');
    await page.getByRole('button', { name: 'Save' }).click();

    // The outbox delivers what the widget reported; the page reloads the timeline by itself once it is there.
    const entry = page.locator('ol.timeline li');
    const deadline = Date.now() + 20_000;
    while (!((await entry.count()) === 1 && /Disposition:/.test(await entry.innerText()))) {
      assert.ok(Date.now() < deadline, 'the call and its wrap-up reached the timeline');
      await worker.tick();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const text = await entry.innerText();
    assert.match(text, /^Outbound call to \+1 415 555 2671/);
    assert.match(text, /outbound · answered · \d+s/);
    assert.match(text, new RegExp(`Disposition: ${disposition}`));
    assert.match(text, /Asked for a quote by Friday/);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-with-widget.png') });
    assert.deepEqual(pageErrors, [], 'the page logged no errors');
  });
});
