import assert from 'node:assert/strict';
import request from 'supertest';
import { DEMO_SEED } from '../../connector/src/crm/demo/demo-seed.js';
import { buildTestApp, closeTestApps, JSON_TYPE } from './test-app.js';

interface ListedRecord {
  id: string;
  objectType: string;
  name: string;
  company: string | null;
  country: string | null;
}

function demoApp() {
  return buildTestApp({ demoSite: true }).app;
}

describe('demo CRM site', () => {
  afterEach(closeTestApps);

  it('serves the demo CRM page at /', async () => {
    const res = await request(demoApp()).get('/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(res.text, /<title>[^<]*Demo CRM[^<]*<\/title>/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  it('serves the page’s script and style with their types', async () => {
    const app = demoApp();
    const js = await request(app).get('/demo.js');
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    const css = await request(app).get('/demo.css');
    assert.equal(css.status, 200);
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  });

  describe('GET /demo/api/records', () => {
    it('lists the whole seed: contacts, leads and accounts from several countries', async () => {
      const res = await request(demoApp()).get('/demo/api/records');
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      const records = res.body.records as ListedRecord[];
      assert.ok(records.length >= 12);
      assert.equal(records.length, DEMO_SEED.length);
      assert.deepEqual(new Set(records.map((r) => r.objectType)), new Set(['Contact', 'Lead', 'Account']));
      assert.ok(new Set(records.map((r) => r.country)).size >= 8);
      const maria = records.find((r) => r.id === 'CON-0001');
      assert.deepEqual(maria, {
        id: 'CON-0001',
        objectType: 'Contact',
        name: 'Maria Gonzalez',
        company: 'Acme Logistics',
        country: 'US',
        doNotCall: false,
        phones: [
          { field: 'Phone', label: 'Phone', value: '(415) 555-2671 x204' },
          { field: 'MobilePhone', label: 'Mobile', value: '+1 650-253-0000' },
        ],
      });
    });

    it('filters by name or company, case-insensitively', async () => {
      const res = await request(demoApp()).get('/demo/api/records?q=nordlicht');
      assert.equal(res.status, 200);
      assert.deepEqual(
        (res.body.records as ListedRecord[]).map((r) => [r.objectType, r.id]),
        [
          ['Account', 'ACC-0003'],
          ['Contact', 'CON-0003'],
        ],
      );
    });

    it('filters by object type', async () => {
      const res = await request(demoApp()).get('/demo/api/records?type=Lead');
      assert.equal(res.status, 200);
      const records = res.body.records as ListedRecord[];
      assert.deepEqual(
        records.map((r) => r.id).sort(),
        DEMO_SEED.filter((r) => r.objectType === 'Lead').map((r) => r.id).sort(),
      );
    });

    it('answers an empty list when nothing matches', async () => {
      const res = await request(demoApp()).get('/demo/api/records?q=zzz-nobody');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { records: [] });
    });

    it('refuses an object type it does not know (400)', async () => {
      const res = await request(demoApp()).get('/demo/api/records?type=Bogus');
      assert.equal(res.status, 400);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'query.type must be one of Contact, Lead, Account',
          issues: [{ field: 'query.type', message: 'must be one of Contact, Lead, Account' }],
        },
      });
    });

    it('refuses a search over 100 characters (400)', async () => {
      const res = await request(demoApp()).get(`/demo/api/records?q=${'a'.repeat(101)}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.message, 'query.q must be at most 100 characters');
    });
  });

  describe('GET /demo/api/records/:objectType/:id', () => {
    it('returns the record and its activities', async () => {
      const res = await request(demoApp()).get('/demo/api/records/Contact/CON-0001');
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        record: {
          id: 'CON-0001',
          objectType: 'Contact',
          name: 'Maria Gonzalez',
          company: 'Acme Logistics',
          country: 'US',
          doNotCall: false,
          phones: [
            { field: 'Phone', label: 'Phone', value: '(415) 555-2671 x204' },
            { field: 'MobilePhone', label: 'Mobile', value: '+1 650-253-0000' },
          ],
        },
        activities: [],
      });
    });

    it('answers 404 for a record the demo CRM does not hold', async () => {
      const res = await request(demoApp()).get('/demo/api/records/Contact/CON-9999');
      assert.equal(res.status, 404);
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.deepEqual(res.body, {
        error: { code: 'RECORD_NOT_FOUND', message: 'No Contact with id CON-9999 in the demo CRM.' },
      });
    });

    it('refuses an object type it does not know (400)', async () => {
      const res = await request(demoApp()).get('/demo/api/records/Opportunity/CON-0001');
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.equal(res.body.error.message, 'params.objectType must be one of Contact, Lead, Account');
    });
  });
});
