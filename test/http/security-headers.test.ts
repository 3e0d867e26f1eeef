import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { AppError } from '../../connector/src/errors/app-error.js';
import { errorHandler, notFound } from '../../connector/src/http/error-handler.js';
import { describeFraming, securityHeaders, widgetPagePolicy } from '../../connector/src/http/security-headers.js';
import { softphonePagePolicy } from '../../connector/src/http/softphone-page-policy.js';
import { buildTestApp, closeTestApps } from './test-app.js';

const LIGHTNING = 'https://acme.lightning.force.com';
const HUBSPOT = 'https://app.hubspot.com';

/** The directives of a Content-Security-Policy header, by name. */
function cspOf(header: unknown): Record<string, string> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
}

/** The connector's layering in small: security headers first, then a few kinds of pages, then the error path. */
function appWithHeaders(): Express {
  const app = express();
  app.use(securityHeaders());
  app.get('/api/v1/thing', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/api/v1/refused', () => {
    throw new AppError('UNAUTHENTICATED');
  });
  app.get('/demo', softphonePagePolicy(), (_req, res) => {
    res.type('html').send('<p>demo</p>');
  });
  app.get('/widget/', widgetPagePolicy({ crmOrigins: [LIGHTNING, HUBSPOT] }), (_req, res) => {
    res.type('html').send('<p>widget</p>');
  });
  app.use(notFound);
  app.use(errorHandler(pino({ enabled: false })));
  return app;
}

describe('security headers', () => {
  afterEach(closeTestApps);

  it('lets nothing frame, embed or run anything from an API answer, errors included', async () => {
    const app = appWithHeaders();
    for (const url of ['/api/v1/thing', '/api/v1/refused', '/api/v1/nope']) {
      const res = await request(app).get(url);
      assert.equal(res.headers['content-security-policy'], "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'", url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    }
  });

  it('sends HSTS, no referrer, and keeps an opened sign-in popup reachable from a top-level page', async () => {
    const res = await request(appWithHeaders()).get('/api/v1/thing');
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin-allow-popups');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('lets exactly the configured CRM origins frame the widget page, and load its files from anywhere', async () => {
    const res = await request(appWithHeaders()).get('/widget/');
    const csp = cspOf(res.headers['content-security-policy']);
    assert.equal(csp['frame-ancestors'], `'self' ${LIGHTNING} ${HUBSPOT}`);
    assert.equal(csp['script-src'], `'self' ${LIGHTNING} ${HUBSPOT}`);
    assert.equal(res.headers['x-frame-options'], undefined);
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
  });

  it('lets only the connector’s own pages frame a softphone page that names no CRM origin', async () => {
    const app = express();
    app.use(securityHeaders());
    app.get('/widget/', widgetPagePolicy({ crmOrigins: [] }), (_req, res) => {
      res.send('widget');
    });
    const widget = await request(app).get('/widget/');
    const csp = cspOf(widget.headers['content-security-policy']);
    assert.equal(csp['frame-ancestors'], "'self'");
    assert.equal(csp['script-src'], "'self'");
    const demo = await request(appWithHeaders()).get('/demo');
    assert.equal(cspOf(demo.headers['content-security-policy'])['frame-ancestors'], "'self'");
    assert.equal(demo.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(cspOf(demo.headers['content-security-policy'])['connect-src'], "'self' wss: ws:");
  });

  it('says in one line who may frame the widget, and warns when no CRM can', () => {
    assert.equal(
      describeFraming([LIGHTNING]),
      `The widget may be framed by the connector’s own pages and ${LIGHTNING} (CRM_ORIGINS).`,
    );
    assert.match(describeFraming([]), /No CRM origin is configured \(CRM_ORIGINS\).*no CRM can show it/);
  });

  describe('in the connector itself', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'cti-no-cookies-'));
      mkdirSync(path.join(dir, 'widget'));
      writeFileSync(path.join(dir, 'widget', 'index.html'), '<!doctype html><title>Softphone</title>');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('never sets a cookie: health, widget page, a refused API call and an unknown API route', async () => {
      const { app } = buildTestApp({ widgetDir: path.join(dir, 'widget') });
      const answers = [
        ['/healthz', 200],
        ['/widget/', 200],
        ['/api/v1/agent/settings', 401],
        ['/api/v1/no-such-route', 404],
      ] as const;
      for (const [url, status] of answers) {
        const res = await request(app).get(url).set('Cookie', 'session=stolen');
        assert.equal(res.status, status, url);
        assert.equal(res.headers['set-cookie'], undefined, url);
      }
    });
  });
});
