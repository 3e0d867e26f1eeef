import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { consoleSite } from '../../connector/src/http/console-site.js';
import { errorHandler, notFound } from '../../connector/src/http/error-handler.js';
import { securityHeaders } from '../../connector/src/http/security-headers.js';
import { JSON_TYPE } from './test-app.js';

const INDEX = '<!doctype html><title>Click-to-Call admin</title><link rel="stylesheet" href="console.css"><script src="console.js" defer></script>';
const SCRIPT = 'console.log("admin console");';
const STYLE = 'body { margin: 0; }';

/** The console mounted as the connector mounts it: behind the security headers, before the JSON 404 and error path. */
function appServing(dir: string): Express {
  const app = express();
  app.use(securityHeaders());
  app.use('/admin', consoleSite(dir));
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

describe('admin console site (/admin/)', () => {
  let dir: string;
  let dist: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cti-console-'));
    dist = path.join(dir, 'console');
    mkdirSync(dist);
    writeFileSync(path.join(dist, 'index.html'), INDEX);
    writeFileSync(path.join(dist, 'console.js'), SCRIPT);
    writeFileSync(path.join(dist, 'console.css'), STYLE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the page, its script and its styles with their types', async () => {
    const app = appServing(dist);
    const page = await request(app).get('/admin/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.text, INDEX);
    const script = await request(app).get('/admin/console.js');
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.text, SCRIPT);
    const style = await request(app).get('/admin/console.css');
    assert.equal(style.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(style.text, STYLE);
  });

  it('allows scripts, styles and requests from the connector only, and no framing or referrer', async () => {
    const app = appServing(dist);
    for (const url of ['/admin/', '/admin/console.js']) {
      const res = await request(app).get(url);
      assert.deepEqual(cspOf(res), {
        'default-src': "'none'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self' data:",
        'connect-src': "'self'",
        'font-src': "'self'",
        'base-uri': "'none'",
        'form-action': "'self'",
        'frame-ancestors': "'none'",
      });
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
  });

  it('makes browsers revalidate every load (no-cache with an ETag) and answers 304 while the file is unchanged', async () => {
    const app = appServing(dist);
    const first = await request(app).get('/admin/console.js');
    assert.equal(first.headers['cache-control'], 'no-cache');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/".+"$/);
    assert.equal((await request(app).get('/admin/console.js').set('If-None-Match', etag)).status, 304);
    writeFileSync(path.join(dist, 'console.js'), `${SCRIPT}\n// a new deploy`);
    const changed = await request(app).get('/admin/console.js').set('If-None-Match', etag);
    assert.equal(changed.status, 200);
    assert.match(changed.text, /a new deploy/);
  });

  it('redirects /admin to /admin/ (keeping the query), so the page’s relative URLs resolve under it', async () => {
    const app = appServing(dist);
    const bare = await request(app).get('/admin');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.location, '/admin/');
    const withQuery = await request(app).get('/admin?from=mail');
    assert.equal(withQuery.status, 301);
    assert.equal(withQuery.headers.location, '/admin/?from=mail');
  });

  it('answers 503 CONSOLE_NOT_BUILT saying to run npm run build while the console is missing, then serves it once built', async () => {
    const missing = path.join(dir, 'not-built');
    const app = appServing(missing);
    for (const url of ['/admin/', '/admin/console.js', '/admin']) {
      const res = await request(app).get(url);
      assert.equal(res.status, 503, url);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        error: { code: 'CONSOLE_NOT_BUILT', message: 'The admin console is not built yet; run npm run build, then reload this page.' },
      });
      assert.equal(cspOf(res)['frame-ancestors'], "'none'");
    }
    mkdirSync(missing);
    writeFileSync(path.join(missing, 'index.html'), INDEX);
    assert.equal((await request(app).get('/admin/')).status, 200);
  });

  it('answers a JSON 404 for a file the console does not have, and serves no dotfiles', async () => {
    writeFileSync(path.join(dist, '.env'), 'ADMIN_TOKEN=1');
    const app = appServing(dist);
    for (const url of ['/admin/nope.js', '/admin/.env']) {
      const res = await request(app).get(url);
      assert.equal(res.status, 404, url);
      assert.equal(res.body.error.code, 'ROUTE_NOT_FOUND');
    }
  });
});
