/**
 * What an agent's browser downloads to load the softphone, against sip.js alone.
 *
 * The widget is built as `npm run build` builds it and fetched from the connector's `/widget/` route with each
 * encoding a browser may ask for; the figure is the gzip answer's Content-Length, the bytes on the wire. The baseline is
 * every export of sip.js bundled the same way (esbuild, minified, ES2020 IIFE) and gzipped at the same level 9.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import express from 'express';
import { widgetSite } from '../connector/src/http/widget-site.js';
import { buildWidget } from '../widget/build.js';
import { round1, type BenchResult, type Benchmark } from './bench-kit.js';

export const benchmark: Benchmark = {
  name: 'widget-size',
  title: 'the softphone bundle as served, against sip.js alone',
  run: measure,
};

async function measure(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'widget-size-'));
  try {
    const built = await buildWidget({ outDir: dir });
    const served = await servedSizes(dir);
    const sipJs = await sipJsAlone();
    return {
      figures: [
        {
          key: 'widget_gzip_kb',
          value: kb(served.gzip),
          unit: 'KB',
          better: 'lower',
          goal: { op: '<', value: 75 },
          means: 'What a browser that takes gzip downloads the first time an agent opens the softphone (later loads revalidate with a 304).',
        },
        {
          key: 'baseline_sipjs_gzip_kb',
          value: kb(sipJs.gzip),
          unit: 'KB',
          better: 'lower',
          means: 'sip.js alone, every export bundled and minified the same way: the floor any sip.js softphone starts from.',
        },
      ],
      details: [
        `the widget: ${kb(built.bytes)} KB minified; served ${kb(served.gzip)} KB gzip, ${kb(served.brotli)} KB brotli (what current browsers get), ${kb(served.identity)} KB to a client that takes neither`,
        `sip.js ${sipJs.version} alone: ${kb(sipJs.bytes)} KB minified, ${kb(sipJs.gzip)} KB gzip`,
        'sizes are bytes on the wire (Content-Length of GET /widget/softphone.js) / 1024',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Content-Length of the bundle fetched from the connector's widget route with each Accept-Encoding. */
async function servedSizes(dir: string): Promise<{ gzip: number; brotli: number; identity: number }> {
  const app = express();
  app.use('/widget', widgetSite(dir, { crmOrigins: [] }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/widget/softphone.js`;
  try {
    const sizeFor = async (encoding: string, expected: string | null): Promise<number> => {
      const res = await fetch(url, { headers: { 'Accept-Encoding': encoding } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
      if (res.headers.get('content-encoding') !== expected) {
        throw new Error(`asked for ${encoding}, got Content-Encoding ${res.headers.get('content-encoding') ?? 'none'}`);
      }
      // fetch decodes the body; the header is what crossed the wire.
      const length = Number(res.headers.get('content-length'));
      if (!(length > 0) || (expected === null && length !== body.byteLength)) throw new Error(`no usable Content-Length from ${url}`);
      return length;
    };
    return { gzip: await sizeFor('gzip', 'gzip'), brotli: await sizeFor('br', 'br'), identity: await sizeFor('identity', null) };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

async function sipJsAlone(): Promise<{ version: string; bytes: number; gzip: number }> {
  const result = await build({
    stdin: { contents: "export * from 'sip.js';", resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'SIP',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]!.contents;
  const { version } = (await import('sip.js/package.json', { with: { type: 'json' } })).default as { version: string };
  return { version, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

function kb(bytes: number): number {
  return round1(bytes / 1024);
}
