import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { FakeCrm } from './fake-crm.js';
import { buildTestApp, closeTestApps, JSON_TYPE } from './test-app.js';

const INDEX = '<!doctype html><title>Softphone</title><script src="softphone.js"></script>';
const SCRIPT = 'console.log("softphone");';

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
  afterEach(async () => {
    await closeTestApps();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page and its script with their types, whatever the CRM', async () => {
    const { app } = buildTestApp({ crm: new FakeCrm([]), widgetDir: dist });
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
    const { app } = buildTestApp({ widgetDir: dist });
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
    const { app } = buildTestApp({ widgetDir: dist });
    const res = await request(app).get('/widget?agent=maria');
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, '/widget/?agent=maria');
  });

  it('may be framed by a CRM and reach the SIP server: no X-Frame-Options, a CSP with wss:, ws: and blob: audio', async () => {
    const { app } = buildTestApp({ widgetDir: dist });
    const res = await request(app).get('/widget/').set('Host', 'cti.example.com');
    assert.equal(res.headers['x-frame-options'], undefined);
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    const csp = Object.fromEntries(
      String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    assert.equal(csp['default-src'], "'self'");
    assert.equal(csp['script-src'], "'self' https://*.force.com https://*.salesforce.com");
    assert.equal(csp['connect-src'], "'self' wss: ws:");
    assert.equal(csp['media-src'], "'self' blob:");
    assert.equal(csp['object-src'], "'none'");
    assert.equal(csp['frame-ancestors'], undefined);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  it('loads Open CTI from loopback only when configured against a loopback Salesforce stand-in, whatever the Host says', async () => {
    const scriptSrc = async (loopbackSalesforce: boolean, host: string) => {
      const { app } = buildTestApp({ widgetDir: dist, loopbackSalesforce });
      const res = await request(app).get('/widget/').set('Host', host);
      return /script-src ([^;]*)/.exec(String(res.headers['content-security-policy']))?.[1];
    };
    assert.equal(await scriptSrc(true, 'cti.example.com'), "'self' https://*.force.com https://*.salesforce.com http://127.0.0.1:* http://localhost:*");
    // A reverse proxy forwards with a loopback Host: that must not open the policy.
    assert.equal(await scriptSrc(false, '127.0.0.1:3000'), "'self' https://*.force.com https://*.salesforce.com");
  });

  it('keeps helmet’s framing protection everywhere else', async () => {
    const { app } = buildTestApp({ widgetDir: dist });
    const res = await request(app).get('/healthz');
    assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'self'/);
  });

  it('answers 503 WIDGET_NOT_BUILT saying to run npm run build while the bundle is missing, then serves it once built', async () => {
    const missing = path.join(dir, 'not-built');
    const { app } = buildTestApp({ widgetDir: missing });
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

  it('answers a JSON 404 for a file the bundle does not have, and serves no dotfiles', async () => {
    writeFileSync(path.join(dist, '.env'), 'SECRET=1');
    const { app } = buildTestApp({ widgetDir: dist });
    for (const url of ['/widget/nope.js', '/widget/.env']) {
      const res = await request(app).get(url);
      assert.equal(res.status, 404, url);
      assert.equal(res.body.error.code, 'ROUTE_NOT_FOUND');
    }
  });
});
