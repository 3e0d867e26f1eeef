import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';

/** What the result page's script did when run as a browser would run it. */
export interface PageRun {
  /** Every `window.opener.postMessage(message, targetOrigin)`. */
  readonly posted: { message: Record<string, unknown>; targetOrigin: string }[];
  readonly closed: boolean;
  /** The `#status` text after the script ran. */
  readonly status: string;
}

/**
 * Runs the page's inline scripts against a fake `window` (with an opener, unless `opener: false`) and `document`, the
 * way a browser would once the CSP let them run: only scripts carrying the nonce the page's CSP names run.
 */
export function runResultPage(html: string, csp: string, options: { opener?: boolean } = {}): PageRun {
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce, `the CSP names a script nonce: ${csp}`);
  const posted: PageRun['posted'] = [];
  let closed = false;
  const statusElement = { textContent: pageText(html) };
  const opener = options.opener === false ? null : { closed: false, postMessage: (message: unknown, targetOrigin: string) => posted.push({ message: structuredCopy(message), targetOrigin }) };
  const window = { opener, close: () => (closed = true) };
  const document = { getElementById: (id: string) => (id === 'status' ? statusElement : null) };
  for (const [, attributes, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (attributes?.includes(`nonce="${nonce}"`)) runInNewContext(body ?? '', { window, document });
  }
  return { posted, closed, status: statusElement.textContent };
}

/** The text of the page's `#status` paragraph, unescaped. */
export function pageText(html: string): string {
  const raw = /<p id="status"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  return raw.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}

/** How many `<script` elements the page holds (with or without a nonce). */
export function scriptCount(html: string): number {
  return html.match(/<script/g)?.length ?? 0;
}

/** The message as the opener receives it: a copy made in this realm (the script ran in another one). */
function structuredCopy(message: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
}
