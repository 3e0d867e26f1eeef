import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildWidget } from '../../../../widget/build.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The made-up origin the harness pages load from; Playwright answers it, so nothing touches the network. */
export const HARNESS_ORIGIN = 'http://widget.test';

/** Bundles `widget-harness.ts` with the widget's own build settings (minified IIFE, ES2020) into a temp dir. */
export async function buildHarness(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'widget-harness-'));
  try {
    const { file } = await buildWidget({ entry: path.join(HERE, 'widget-harness.ts'), outDir: dir, fileName: 'harness.js', publicDir: null });
    return await readFile(file, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const PAGE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Softphone</title>
<style>html,body{margin:0;height:100%}</style></head>
<body data-mode="page"><main id="app"></main><script src="/harness.js"></script></body></html>`;

/** A host page of the embed: its own styles on plain elements (which must not leak into the widget) and tel: links. */
const EMBED_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Customer</title>
<style>body{font:16px Georgia,serif;margin:24px}button{background:#f0f;color:#0f0;border:4px dashed red}</style></head>
<body data-mode="embed"><h1>Maria Gonzalez</h1>
<p data-crm-object-type="Contact" data-crm-record-id="CON-0001" data-crm-record-name="Maria Gonzalez">
Phone: <a href="tel:+14155552671">(415) 555-2671</a></p>
<p>Front desk: <a href="tel:+14155550000">(415) 555-0000</a></p>
<button id="page-button" type="button">A page button</button>
<script src="/harness.js"></script></body></html>`;

/** Serves `/` (the full-page widget), `/embed` (a page embedding it) and the bundle at the harness origin. */
export async function routeHarness(page: Page, bundle: string): Promise<void> {
  await page.route(`${HARNESS_ORIGIN}/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === '/') return route.fulfill({ contentType: 'text/html', body: PAGE_HTML });
    if (pathname === '/embed') return route.fulfill({ contentType: 'text/html', body: EMBED_HTML });
    if (pathname === '/harness.js') return route.fulfill({ contentType: 'text/javascript', body: bundle });
    return route.fulfill({ status: 404, body: 'not found' });
  });
}

/** What the tests read and drive of the fakes inside the page (see test/widget/app/fakes). */
export interface FakeCallView {
  callId: string;
  state: string;
  controls: string[];
  answered(): void;
  remoteHangup(): void;
}
export interface RigView {
  phone: {
    dialled: { sipUri: string; extension: string | null; display: string }[];
    calls: FakeCallView[];
    history: FakeCallView[];
    startsAs: { state: string; problem: { code: string; message: string } | null };
    ring(from: string): FakeCallView;
    setRegistration(state: string, problem: { code: string; message: string } | null): void;
  };
  connector: { resolved: { number: string; purpose: string }[]; tokens: (string | null)[] };
  connectors: unknown[];
  auth: { asked: string[]; endSessions(agentId: string): void };
  callLog: { wrapUps: { callId: string; disposition: string | null; notes: string | null }[] };
}

/** Runs `fn` on the page's rig; `fn` must be self-contained (it is sent as source) and return plain data. */
export function onRig<R>(page: Page, fn: (rig: RigView) => R): Promise<R> {
  return page.evaluate(`(async () => { await window.harness.ready; return (${fn.toString()})(window.harness.rig); })()`) as Promise<R>;
}
