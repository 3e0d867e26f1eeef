import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildTestApp, closeTestApps, JSON_TYPE } from './test-app.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';

describe('the connector app serves the admin console at /admin/', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'console-mount-'));
  });
  afterEach(async () => {
    await closeTestApps();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the built console under its strict page policy, beside the admin API', async () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Admin</title>');
    const { app } = buildTestApp({ adminToken: ADMIN, consoleDir: dir });
    const page = await request(app).get('/admin/');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /^text\/html/);
    assert.match(page.headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    const api = await request(app).get('/api/v1/admin/policy').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(api.status, 200);
    assert.equal(api.headers['content-type'], JSON_TYPE);
  });

  it('answers 503 CONSOLE_NOT_BUILT until the console is built', async () => {
    const { app } = buildTestApp({ consoleDir: path.join(dir, 'missing') });
    const res = await request(app).get('/admin/');
    assert.equal(res.status, 503);
    assert.equal(res.body.error.code, 'CONSOLE_NOT_BUILT');
  });
});
