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

    it('shows a logged call on the record timeline, and an upsert of the same call replaces it', async () => {
      const crm = createDemoAdapter(db);
      const log = {
        callId: 'abc@pbx',
        ownerCrmId: null,
        direction: 'outbound' as const,
        from: 'sip:agent@pbx.demo.test',
        to: '+14155552671',
        record: { objectType: 'Contact' as const, id: 'CON-0001' },
        startedAt: '2026-11-23T10:00:00.000Z',
        answeredAt: '2026-11-23T10:00:02.000Z',
        endedAt: '2026-11-23T10:03:14.000Z',
        durationSeconds: 192,
        holdSeconds: 0,
        result: 'answered' as const,
        sipStatus: null,
        disposition: null,
        notes: null,
        transferTarget: null,
        subject: 'Outbound call to +1 415 555 2671 — answered, 3m 12s',
      };
      assert.deepEqual(await crm.upsertCallLogs({ logs: [log] }), [{ callId: 'abc@pbx', outcome: 'stored', crmId: 'abc@pbx' }]);
      await crm.upsertCallLogs({ logs: [{ ...log, disposition: 'Interested', notes: 'Send pricing' }] });
      const timeline = db.listActivities('CON-0001');
      assert.equal(timeline.length, 1);
      assert.equal(timeline[0]?.subject, log.subject);
      assert.equal(timeline[0]?.durationSeconds, 192);
      assert.equal(timeline[0]?.notes, 'Send pricing');
    });

    it('rejects a log for a record it does not hold, so it reaches the dead letters', async () => {
      const crm = createDemoAdapter(db);
      const [outcome] = await crm.upsertCallLogs({
        logs: [{ callId: 'x', ownerCrmId: null, direction: 'inbound', from: '+442079460958', to: 'sip:agent@pbx', record: { objectType: 'Lead', id: 'LEA-9999' }, startedAt: '2026-11-23T10:00:00.000Z', answeredAt: null, endedAt: '2026-11-23T10:00:20.000Z', durationSeconds: 0, holdSeconds: 0, result: 'no-answer', sipStatus: 480, disposition: null, notes: null, transferTarget: null, subject: 'Inbound call' }],
      });
      assert.equal(outcome?.outcome, 'rejected');
    });

    it('does not match a number that merely ends with the same digits', async () => {
      const crm = createDemoAdapter(db);
      const matches = await crm.findByPhone({ e164: '+4414155552671', nationalDigits: '14155552671' });
      assert.deepEqual(matches, []);
    });
  });
});
