import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertCrmAdapter } from '../../../connector/src/crm/crm-adapter.js';
import { createDemoAdapter } from '../../../connector/src/crm/demo/demo-adapter.js';
import { DemoCrmDb } from '../../../connector/src/crm/demo/demo-crm-db.js';
import { DEMO_SEED } from '../../../connector/src/crm/demo/demo-seed.js';
import { resolveTarget } from '../../../connector/src/domain/resolve-target.js';

const plan = { sipDomain: 'pbx.demo.test', defaultRegion: 'US', userPhone: true, outboundPrefix: '', internalExtensionLength: { min: 2, max: 5 } } as const;

describe('demo CRM', () => {
  let db: DemoCrmDb;
  beforeEach(() => {
    db = DemoCrmDb.open(':memory:');
  });
  afterEach(() => db.close());

  it('is seeded with a dozen or more contacts, leads and accounts from at least eight countries', () => {
    const records = db.listRecords({});
    assert.ok(records.length >= 12);
    assert.deepEqual(new Set(records.map((r) => r.objectType)), new Set(['Contact', 'Lead', 'Account']));
    assert.ok(new Set(records.map((r) => r.country)).size >= 8);
  });

  it('holds seed numbers that all resolve: its refusals (premium rate, Do-Not-Call) come from policy', () => {
    for (const record of DEMO_SEED) {
      for (const phone of record.phones) {
        const result = resolveTarget(phone.value, plan, { region: record.country });
        assert.ok(result.ok, `${record.name} ${phone.value}: ${result.ok ? '' : result.problem.message}`);
      }
    }
  });

  it('seeds once: reopening the same file keeps what is there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cti-demo-'));
    try {
      const file = path.join(dir, 'demo-crm.sqlite');
      DemoCrmDb.open(file).close();
      const again = DemoCrmDb.open(file);
      assert.equal(again.listRecords({}).length, DEMO_SEED.length);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('searches by name or company, case-insensitively, and treats % and _ literally', () => {
    assert.deepEqual(db.listRecords({ query: 'thames' }).map((r) => r.id).sort(), ['ACC-0002', 'CON-0002']);
    assert.deepEqual(db.listRecords({ query: 'thames', objectType: 'Account' }).map((r) => r.id), ['ACC-0002']);
    assert.deepEqual(db.listRecords({ query: '%' }), []);
  });

  describe('adapter', () => {
    it('passes the start-up check of the adapter interface', () => {
      assert.doesNotThrow(() => assertCrmAdapter(createDemoAdapter(db)));
    });

    it('returns a record with its phones, and null for an unknown id or the wrong object type', async () => {
      const crm = createDemoAdapter(db);
      const lena = await crm.getRecord({ objectType: 'Contact', id: 'CON-0003' });
      assert.equal(lena?.name, 'Lena Schmidt');
      assert.equal(lena?.country, 'DE');
      assert.deepEqual(lena?.phones.map((p) => p.label), ['Phone', 'Mobile']);
      assert.equal(await crm.getRecord({ objectType: 'Contact', id: 'CON-9999' }), null);
      assert.equal(await crm.getRecord({ objectType: 'Lead', id: 'CON-0003' }), null);
    });

    it('finds every record holding a number, however it was typed, with the field that matched', async () => {
      const crm = createDemoAdapter(db);
      const matches = await crm.findByPhone({ e164: '+4930901820', nationalDigits: '30901820' });
      assert.deepEqual(
        matches.map((m) => [m.record.id, m.matchedField]).sort(),
        [['ACC-0003', 'Phone'], ['CON-0003', 'Phone']],
      );
    });

    it('does not match a number that merely ends with the same digits', async () => {
      const crm = createDemoAdapter(db);
      const matches = await crm.findByPhone({ e164: '+4414155552671', nationalDigits: '14155552671' });
      assert.deepEqual(matches, []);
    });
  });
});
