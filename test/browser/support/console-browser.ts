/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CONSOLE_ADMIN_TOKEN } from './console-connector.js';

/** Chromium logs every 4xx answer; the console tests provoke refusals on purpose. */
const REFUSED_RESOURCE = /^Failed to load resource: the server responded with a status of 4\d\d/;

export interface ConsoleTab {
  readonly context: BrowserContext;
  readonly page: Page;
  /** What the page logged as an error or threw, beyond the refusals tests provoke; a test takes them with `splice(0)`. */
  readonly errors: string[];
}

/**
 * A fresh browser context and page for the admin console. `clock`: install Playwright's fake clock (timers the
 * test moves on), starting at `clock.at` when given (a browser whose clock is off from the connector's). `allowErrors`:
 * console messages a test causes on purpose (an aborted request).
 */
export async function openConsoleTab(
  browser: Browser,
  options: { readonly clock?: { readonly at?: number }; readonly allowErrors?: readonly RegExp[]; readonly viewport?: { width: number; height: number } } = {},
): Promise<ConsoleTab> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(5_000);
  if (options.clock) await context.clock.install(options.clock.at === undefined ? {} : { time: options.clock.at });
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed = [REFUSED_RESOURCE, ...(options.allowErrors ?? [])];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !allowed.some((pattern) => pattern.test(message.text()))) errors.push(message.text());
  });
  return { context, page, errors };
}

/** Signs in on the console's sign-in screen with the admin token, and waits for the console. */
export async function signInWithAdminToken(page: Page): Promise<void> {
  await page.getByRole('radio', { name: 'Admin token' }).check();
  await page.getByRole('textbox', { name: 'Admin token' }).fill(CONSOLE_ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in: Admin token').waitFor();
}

/** Signs in with an admin agent's sign-in key; `who` is how the header names it. */
export async function signInWithKey(page: Page, key: string, who: string): Promise<void> {
  await page.getByRole('radio', { name: 'Sign-in key of an admin agent' }).check();
  await page.getByRole('textbox', { name: 'Sign-in key' }).fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in: ${who}`).waitFor();
}

/** Goes to a console page by its navigation link and waits for its heading. */
export async function goTo(page: Page, label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** A JSON call to the connector from the test itself (the admin token unless `token` says otherwise). */
export type ApiCall = (method: string, path: string, options?: { token?: string; body?: unknown }) => Promise<{ status: number; body: Record<string, any> | null }>;

export function apiOf(baseUrl: () => string): ApiCall {
  return async (method, path, options = {}) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token ?? CONSOLE_ADMIN_TOKEN}`, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null };
  };
}

/** The session token the console keeps in this tab's sessionStorage; '' when none. */
export async function keptToken(page: Page): Promise<string> {
  const kept = await page.evaluate(() => Object.values(sessionStorage).join());
  return /"token":"([^"]+)"/.exec(kept)?.[1] ?? '';
}
