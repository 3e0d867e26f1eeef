import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';

const HERE = import.meta.dirname;

/** The baseline page and its bundle, served on loopback. */
export interface BaselineSite {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Bundles `dial.ts` with esbuild the way the widget is bundled (minified ES2020 IIFE for browsers) and serves it with
 * `index.html` from a loopback server: a loopback origin is a secure context, so getUserMedia works, and Chromium lets
 * it reach Kamailio on loopback.
 */
export async function startBaselineSite(): Promise<BaselineSite> {
  const [bundle, html] = await Promise.all([
    build({
      entryPoints: [path.join(HERE, 'dial.ts')],
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      write: false,
      logLevel: 'warning',
    }).then((result) => result.outputFiles[0]!.text),
    readFile(path.join(HERE, 'index.html'), 'utf8'),
  ]);
  const server = createServer((req, res) => {
    if (req.url === '/dial.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else if (req.url?.startsWith('/?') || req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
