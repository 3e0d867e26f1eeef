import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildHarness } from '../widget/ui/harness/harness-page.js';
import { launchChromium } from './chromium.js';

/** Where browser tests write screenshots for people to look at. */
export const OUTPUT_DIR = path.resolve('test-output');

/**
 * Registers the mocha hooks that build the widget's test harness bundle and launch Chromium once for the enclosing
 * `describe`, and close it after. Read `browser` and `bundle` inside tests or hooks, once `before` has run.
 */
export function useHarnessBrowser(): { readonly browser: Browser; readonly bundle: string } {
  let browser: Browser | undefined;
  let bundle: string | undefined;
  before(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    [bundle, browser] = await Promise.all([buildHarness(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not up yet: use the harness inside tests or hooks');
      return browser;
    },
    get bundle() {
      if (bundle === undefined) throw new Error('The harness bundle is not built yet: use it inside tests or hooks');
      return bundle;
    },
  };
}
