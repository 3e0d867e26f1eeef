import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidget } from '../../../widget/build.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A loopback web server that serves the phone kit (phone core + browser media) and an empty page loading it. */
export interface PhoneKitSite {
  /** `http://127.0.0.1:<port>`: any path under it is the agent's page. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Builds test/browser/support/phone-kit-entry.ts with the widget's own build and serves it. The page must come from a
 * real loopback server: a loopback origin is a secure context (getUserMedia works), and Chromium's local network
 * access checks let it reach Kamailio on loopback, which they refuse to a page of unknown address (such as one
 * fulfilled by route interception).
 */
export async function startPhoneKitSite(): Promise<PhoneKitSite> {
  const kit = await buildPhoneKit();
  const server = createServer((req, res) => {
    if (req.url === '/phone-kit.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(kit);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>agent</title><script src="/phone-kit.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function buildPhoneKit(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'phone-kit-'));
  try {
    const entry = path.join(HERE, 'phone-kit-entry.ts');
    const { file } = await buildWidget({ entry, outDir: dir, fileName: 'phone-kit.js', publicDir: null });
    return await readFile(file, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
