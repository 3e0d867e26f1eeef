import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { errorHandler, notFound } from '../../connector/src/http/error-handler.js';
import { securityHeaders, type WidgetFraming } from '../../connector/src/http/security-headers.js';
import { widgetSite } from '../../connector/src/http/widget-site.js';
import { precompressFolder } from '../../scripts/precompress.js';
import { JSON_TYPE } from './test-app.js';

const INDEX = '<!doctype html><title>Softphone</title><script src="softphone.js"></script>';
const SCRIPT = 'console.log("softphone");';
const LIGHTNING = 'https://acme.lightning.force.com';

/** The widget mounted as the connector mounts it: behind the security headers, before the JSON 404 and error path. */
function appServing(dir: string, framing: WidgetFraming = { crmOrigins: [] }): Express {
  const app = express();
  app.use(securityHeaders());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/widget', widgetSite(dir, framing));
  app.use(notFound);
  app.use(errorHandler(pino({ enabled: false })));
  return app;
}

/** The directives of the answer's Content-Security-Policy, by name. */
function cspOf(res: request.Response): Record<string, string> {
  return Object.fromEntries(
    String(res.headers['content-security-policy'])
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
}

describe('widget site (/widget/)', () => {
  let dir: string;
  let dist: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cti-widget-'));
    dist = path.join(dir, 'widget');
    mkdirSync(dist);
    writeFileSync(path.join(dist, 'index.html'), INDEX);
    writeFileSync(path.join(dist, 'softphone.js'), SCRIPT);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the page and its script with their types', async () => {
    const app = appServing(dist);
    const page = await request(app).get('/widget/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.text, INDEX);
    const script = await request(app).get('/widget/softphone.js');
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.text, SCRIPT);
  });

  it('makes browsers revalidate every load (no-cache with an ETag) and answers 304 while the file is unchanged', async () => {
    const app = appServing(dist);
    const first = await request(app).get('/widget/softphone.js');
    assert.equal(first.headers['cache-control'], 'no-cache');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/".+"$/);
    const again = await request(app).get('/widget/softphone.js').set('If-None-Match', etag);
    assert.equal(again.status, 304);
    writeFileSync(path.join(dist, 'softphone.js'), `${SCRIPT}\n// a new deploy`);
    const changed = await request(app).get('/widget/softphone.js').set('If-None-Match', etag);
    assert.equal(changed.status, 200);
    assert.match(changed.text, /a new deploy/);
  });

  it('redirects /widget to /widget/ so the page’s relative script URL resolves under it', async () => {
    const app = appServing(dist);
    const res = await request(app).get('/widget?agent=maria');
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, '/widget/?agent=maria');
  });

  it('may be framed only by the configured CRM origins, and reach the SIP server: a CSP with wss:, ws: and blob: audio', async () => {
    const app = appServing(dist, { crmOrigins: [LIGHTNING] });
    const res = await request(app).get('/widget/').set('Host', 'cti.example.com');
    assert.equal(res.headers['x-frame-options'], undefined);
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    const csp = cspOf(res);
    assert.equal(csp['frame-ancestors'], `'self' ${LIGHTNING}`);
    assert.equal(csp['default-src'], "'self'");
    assert.equal(csp['script-src'], `'self' ${LIGHTNING}`);
    assert.equal(csp['connect-src'], "'self' wss: ws:");
    assert.equal(csp['media-src'], "'self' blob:");
    assert.equal(csp['object-src'], "'none'");
    assert.equal(csp['upgrade-insecure-requests'], undefined);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const script = await request(app).get('/widget/softphone.js');
    assert.equal(cspOf(script)['frame-ancestors'], `'self' ${LIGHTNING}`);
    assert.equal(script.headers['cross-origin-resource-policy'], 'cross-origin');
  });

  it('may be framed only by the connector’s own pages while no CRM origin is configured', async () => {
    const res = await request(appServing(dist)).get('/widget/');
    assert.equal(cspOf(res)['frame-ancestors'], "'self'");
    assert.equal(cspOf(res)['script-src'], "'self'");
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  });

  it('admits a loopback Salesforce stand-in (framing and Open CTI) only when so configured, whatever the Host says', async () => {
    const csp = async (loopbackSalesforce: boolean, host: string) =>
      cspOf(await request(appServing(dist, { crmOrigins: [LIGHTNING], loopbackSalesforce })).get('/widget/').set('Host', host));
    const standIn = await csp(true, 'cti.example.com');
    assert.equal(standIn['script-src'], `'self' ${LIGHTNING} http://127.0.0.1:* http://localhost:*`);
    assert.equal(standIn['frame-ancestors'], `'self' ${LIGHTNING} http://127.0.0.1:* http://localhost:*`);
    // A reverse proxy forwards with a loopback Host: that must not open the policy.
    const proxied = await csp(false, '127.0.0.1:3000');
    assert.equal(proxied['script-src'], `'self' ${LIGHTNING}`);
    assert.equal(proxied['frame-ancestors'], `'self' ${LIGHTNING}`);
  });

  it('keeps every other answer unframeable', async () => {
    const res = await request(appServing(dist, { crmOrigins: [LIGHTNING] })).get('/healthz');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(cspOf(res)['frame-ancestors'], "'none'");
  });

  it('sends the bundle the build compressed in the smallest encoding the browser takes: brotli, else gzip, else as is', async () => {
    // Big enough for the build to compress it, as the real bundle is.
    const bundle = `${SCRIPT}\n${Array.from({ length: 400 }, (_, i) => `window.line${i} = ${i};`).join('\n')}`;
    writeFileSync(path.join(dist, 'softphone.js'), bundle);
    const [written] = await precompressFolder(dist);
    assert.ok(written && written.brotliBytes < written.gzipBytes && written.gzipBytes < bundle.length / 3, 'compressed copies written');
    const app = appServing(dist);
    // The client decodes what it gets (as a browser does); Content-Length is what went over the wire.
    const brotli = await request(app).get('/widget/softphone.js').set('Accept-Encoding', 'gzip, deflate, br, zstd');
    assert.equal(brotli.status, 200);
    assert.equal(brotli.headers['content-encoding'], 'br');
    assert.match(String(brotli.headers['content-type']), /^text\/javascript; charset=utf-8$/i);
    assert.equal(brotli.headers.vary, 'Accept-Encoding');
    assert.equal(brotli.headers['cache-control'], 'no-cache');
    assert.equal(Number(brotli.headers['content-length']), written.brotliBytes);
    assert.equal(brotli.text, bundle);

    const gzip = await request(app).get('/widget/softphone.js').set('Accept-Encoding', 'gzip');
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(Number(gzip.headers['content-length']), written.gzipBytes);
    assert.equal(gzip.text, bundle);

    const plain = await request(app).get('/widget/softphone.js').set('Accept-Encoding', 'identity');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.text, bundle);

    // Each encoding revalidates against its own ETag, so a cache never hands one encoding's 304 to another.
    assert.notEqual(brotli.headers.etag, gzip.headers.etag);
    const again = await request(app).get('/widget/softphone.js').set('Accept-Encoding', 'br').set('If-None-Match', String(brotli.headers.etag));
    assert.equal(again.status, 304);
  });

  it('compresses a build made after the connector started, from its next request on', async () => {
    const app = appServing(dist);
    const before = await request(app).get('/widget/softphone.js').set('Accept-Encoding', 'br');
    assert.equal(before.headers['content-encoding'], undefined);
    writeFileSync(path.join(dist, 'softphone.js'), `${SCRIPT}\n${'/* padding */\n'.repeat(200)}`);
    await precompressFolder(dist);
    const after = await request(app).get('/widget/softphone.js').set('Accept-Encoding', 'br');
    assert.equal(after.headers['content-encoding'], 'br');
  });

  it('answers 503 WIDGET_NOT_BUILT saying to run npm run build while the bundle is missing, then serves it once built', async () => {
    const missing = path.join(dir, 'not-built');
    const app = appServing(missing);
    for (const url of ['/widget/', '/widget/softphone.js']) {
      const res = await request(app).get(url);
      assert.equal(res.status, 503);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        error: { code: 'WIDGET_NOT_BUILT', message: 'The softphone widget is not built yet; run npm run build, then reload this page.' },
      });
    }
    mkdirSync(missing);
    writeFileSync(path.join(missing, 'index.html'), INDEX);
    assert.equal((await request(app).get('/widget/')).status, 200);
  });

  it('answers a JSON 404 for a file the bundle does not have, a path that does not decode, and serves no dotfiles', async () => {
    writeFileSync(path.join(dist, '.env'), 'SECRET=1');
    const app = appServing(dist);
    for (const url of ['/widget/nope.js', '/widget/.env', '/widget/%', '/widget/%E0%A4%A']) {
      const res = await request(app).get(url);
      assert.equal(res.status, 404, url);
      assert.equal(res.body.error.code, 'ROUTE_NOT_FOUND');
    }
  });
});
