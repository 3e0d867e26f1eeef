/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { createDemoAdapter } from '../../connector/src/crm/demo/demo-adapter.js';
import { DemoCrmDb } from '../../connector/src/crm/demo/demo-crm-db.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { OutboxWorker } from '../../connector/src/outbox/outbox-worker.js';
import { WORKER_OPTIONS } from '../outbox/worker-options.js';
import { buildWidget } from '../../widget/build.js';
import { launchChromium } from './chromium.js';
import { startDemoConnector } from './demo-connector.js';

const OUTPUT_DIR = path.resolve('test-output');

describe('demo CRM page in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: Server;
  let db: DemoCrmDb;
  let store: SqliteStore;
  let baseUrl: string;
  let page: Page;
  let worker: OutboxWorker;
  let widgetDir: string;
  const pageErrors: string[] = [];
  const maria = newSignInKey();

  before(async () => {
    // The page embeds the softphone from /widget/: serve a fresh build of it, not whatever dist/ holds.
    widgetDir = path.join(os.tmpdir(), `demo-widget-${process.pid}`);
    await buildWidget({ outDir: widgetDir });
    db = DemoCrmDb.open(':memory:');
    store = SqliteStore.open(':memory:');
    const crm = createDemoAdapter(db);
    worker = new OutboxWorker({ store, crm, logger: createLogger('silent'), options: WORKER_OPTIONS });
    await store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: maria.hash });
    ({ server, baseUrl } = await startDemoConnector({ db, store, crm, adminToken: null, widgetDir }));
    browser = await launchChromium();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterEach(async () => {
    await page.close();
    assert.deepEqual(pageErrors.splice(0), [], 'the page logged no errors');
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    db?.close();
    await store?.close();
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true });
  });

  it('lists the records, and a contact opens with its numbers resolved to SIP URIs', async () => {
    await page.goto(baseUrl);
    await page.getByRole('link', { name: /Maria Gonzalez/ }).click();
    await page.getByRole('heading', { name: 'Maria Gonzalez' }).waitFor();
    const phone = page.locator('tr[data-field="Phone"]');
    assert.equal(await phone.locator('.sip-uri').textContent(), 'sip:+14155552671@pbx.demo.test;user=phone');
    assert.deepEqual(await phone.locator('td').allTextContents(), [
      'Phone',
      '(415) 555-2671 x204',
      '+1 415 555 2671',
      'sip:+14155552671@pbx.demo.test;user=phone',
      '204',
      'Can call',
    ]);
    assert.equal(await page.getByText('No calls logged yet.').count(), 1);
    // Each dialable number is a tel: link the embedded softphone dials, inside the element naming the record.
    assert.equal(await phone.getByRole('link', { name: '(415) 555-2671 x204' }).getAttribute('href'), 'tel:+14155552671;ext=204');
    const holder = page.locator('[data-crm-record-id]').filter({ has: phone });
    assert.deepEqual(
      await holder.evaluate((e) => [e.getAttribute('data-crm-object-type'), e.getAttribute('data-crm-record-id'), e.getAttribute('data-crm-record-name')]),
      ['Contact', 'CON-0001', 'Maria Gonzalez'],
    );
    await page.getByRole('button', { name: /^Phone/ }).waitFor();
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-record.png'), fullPage: true });
  });

  it('shows a Do-Not-Call contact with every number refused and the reason', async () => {
    await page.goto(`${baseUrl}/#/Contact/CON-0008`);
    await page.getByRole('heading', { name: 'Chloe Martin' }).waitFor();
    assert.equal(await page.locator('.badge.dnc').textContent(), 'Do Not Call');
    const verdicts = await page.locator('table.numbers tbody tr td:last-child').allTextContents();
    assert.equal(verdicts.length, 2);
    for (const verdict of verdicts) assert.match(verdict, /^RefusedThis contact asked not to be called/);
    assert.equal(await page.locator('table.numbers a[href^="tel:"]').count(), 0, 'a refused number is not a link to dial');
  });

  it('searches the list by company and by record type', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('Search records').fill('nordlicht');
    await page.waitForFunction(() => document.querySelectorAll('#record-list a').length === 2);
    await page.getByLabel('Type').selectOption('Account');
    await page.waitForFunction(() => document.querySelectorAll('#record-list a').length === 1);
    assert.equal(await page.locator('#record-list a').textContent(), 'Nordlicht GmbHAccount');
  });

  it('says so in the page when a record does not exist', async () => {
    await page.goto(`${baseUrl}/#/Lead/LEA-9999`);
    // The page asks the demo CRM and the connector at once; whichever answers 404 first words the message.
    await page.getByText(/^Could not open the record: No Lead with id LEA-9999 (in the demo CRM|exists in the CRM)/).waitFor();
    const expected404s = pageErrors.splice(0);
    assert.ok(expected404s.length > 0 && expected404s.every((e) => e.includes('404 (Not Found)')), expected404s.join('; '));
  });

  it('shows a call the widget reported on the record’s activity timeline, with its wrap-up', async () => {
    const t = Date.now() - 600_000;
    const at = (s: number) => new Date(t + s * 1000).toISOString();
    const base = { callId: 'timeline-1@pbx.demo.test' };
    const events = [
      { ...base, eventId: 'tl-1', occurredAt: at(0), type: 'dialing', direction: 'outbound', from: 'sip:maria@pbx.demo.test', to: '+14155552671', record: { objectType: 'Contact', id: 'CON-0001' } },
      { ...base, eventId: 'tl-2', occurredAt: at(3), type: 'answered' },
      { ...base, eventId: 'tl-3', occurredAt: at(195), type: 'ended', cause: 'hangup', hungUpBy: 'remote' },
      { ...base, eventId: 'tl-4', occurredAt: at(230), type: 'wrapup', disposition: 'Interested', notes: 'Wants pricing for 40 seats' },
    ];
    const signedIn = await fetch(`${baseUrl}/api/v1/auth/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: maria.key }),
    });
    assert.equal(signedIn.status, 200);
    const { token } = (await signedIn.json()) as { token: string };
    const res = await fetch(`${baseUrl}/api/v1/calls/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    assert.equal(res.status, 202);
    assert.equal((await worker.tick()).stored, 1);

    await page.goto(`${baseUrl}/#/Contact/CON-0001`);
    const entry = page.locator('ol.timeline li');
    await entry.waitFor();
    const text = await entry.innerText();
    assert.match(text, /^Outbound call to \+1 415 555 2671 — answered, 3m 12s/);
    assert.match(text, /outbound · answered · 192s/);
    assert.match(text, /Disposition: Interested/);
    assert.match(text, /Wants pricing for 40 seats/);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'demo-timeline.png'), fullPage: true });
  });
});
