import assert from 'node:assert/strict';
import { hashToken } from '../../../connector/src/auth/sign-in-key.js';
import { callLegKey } from '../../../connector/src/domain/call-leg-key.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import type { AuditEntry, Store } from '../../../connector/src/store/store.js';
import { finishedCall } from '../../outbox/call-events.js';
import { describeEachStore } from './store-kinds.js';

const T0 = Date.parse('2026-11-23T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const entry = (at: number, action: string, more: Partial<AuditEntry> = {}): AuditEntry => ({
  at,
  actor: 'admin-token',
  action,
  target: 'maria',
  outcome: 'ok',
  details: {},
  ...more,
});

describeEachStore('audit log and dial counts', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });

  describe('audit log', () => {
    it('keeps every field of an entry, details included', async () => {
      const refused = entry(T0, 'call.refused', { actor: 'agent:maria', target: '+14155552671', outcome: 'refused', details: { code: 'DO_NOT_CALL', nested: { n: 1 } } });
      await store.appendAudit(refused);
      await store.appendAudit(entry(T0, 'secrets.reseal', { target: null }));
      assert.deepEqual((await store.auditLog({ limit: 10 })).map(({ id: _id, ...rest }) => rest), [entry(T0, 'secrets.reseal', { target: null }), refused]);
    });

    it('answers the newest entries first, at most `limit`, and pages back with `before`', async () => {
      for (let i = 0; i < 5; i++) await store.appendAudit(entry(T0 + i * 1000, `action-${i}`));
      const first = await store.auditLog({ limit: 2 });
      assert.deepEqual(first.map((e) => e.action), ['action-4', 'action-3']);
      const next = await store.auditLog({ limit: 2, before: first.at(-1)!.id! });
      assert.deepEqual(next.map((e) => e.action), ['action-2', 'action-1']);
      assert.deepEqual((await store.auditLog({ limit: 10, before: next.at(-1)!.id! })).map((e) => e.action), ['action-0']);
    });

    it('pages through entries written in the same millisecond without skipping one', async () => {
      for (let i = 0; i < 5; i++) await store.appendAudit(entry(T0, `action-${i}`));
      const seen: string[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await store.auditLog({ limit: 2, ...(before === undefined ? {} : { before }) });
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.action));
        before = page.at(-1)!.id!;
      }
      assert.deepEqual(seen, ['action-4', 'action-3', 'action-2', 'action-1', 'action-0']);
    });

    it('orders entries of the same millisecond by when they were written, newest first', async () => {
      await store.appendAudit(entry(T0, 'first'));
      await store.appendAudit(entry(T0, 'second'));
      assert.deepEqual((await store.auditLog({ limit: 10 })).map((e) => e.action), ['second', 'first']);
    });
  });

  describe('dial counts', () => {
    beforeEach(() => store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: hashToken('k') }));

    it('counts no dials and no calls for an agent that has not called', async () => {
      assert.deepEqual(await store.dialCounts('maria', T0), { lastMinute: 0, lastDay: 0, inProgress: 0 });
    });

    it('counts dials in the last minute and the last 24 hours, each window excluding its start', async () => {
      await store.recordDial('maria', T0 - DAY);
      await store.recordDial('maria', T0 - DAY + 1);
      await store.recordDial('maria', T0 - MINUTE);
      await store.recordDial('maria', T0 - MINUTE + 1);
      await store.recordDial('maria', T0);
      assert.deepEqual(await store.dialCounts('maria', T0), { lastMinute: 2, lastDay: 4, inProgress: 0 });
    });

    it('counts each agent on its own', async () => {
      await store.recordDial('maria', T0);
      await store.recordDial('omar', T0);
      await store.recordDial('omar', T0);
      assert.equal((await store.dialCounts('maria', T0)).lastDay, 1);
      assert.equal((await store.dialCounts('omar', T0)).lastDay, 2);
    });

    it('stops counting a dial a minute, and 24 hours, after it was placed, also after later dials', async () => {
      await store.recordDial('maria', T0);
      assert.deepEqual(await store.dialCounts('maria', T0 + MINUTE - 1), { lastMinute: 1, lastDay: 1, inProgress: 0 });
      assert.deepEqual(await store.dialCounts('maria', T0 + MINUTE), { lastMinute: 0, lastDay: 1, inProgress: 0 });
      await store.recordDial('maria', T0 + DAY - 1);
      assert.deepEqual(await store.dialCounts('maria', T0 + DAY - 1), { lastMinute: 1, lastDay: 2, inProgress: 0 });
      await store.recordDial('maria', T0 + DAY);
      assert.deepEqual(await store.dialCounts('maria', T0 + DAY), { lastMinute: 2, lastDay: 2, inProgress: 0 });
    });

    it("counts the agent's calls not ended, and not another agent's nor one whose end is folded", async () => {
      const open = finishedCall('open-call', { agentId: 'maria' }).slice(0, 1);
      const done = finishedCall('done-call', { agentId: 'maria' });
      await store.appendCallEvents([...open, ...done, ...finishedCall('omar-call', { agentId: 'omar' }).slice(0, 1)], T0);
      const leg = callLegKey('maria', 'done-call');
      await store.saveFold({ callId: leg, version: 3, record: foldCallEvents(await store.callEvents(leg))!, log: null, now: T0 });
      assert.equal((await store.dialCounts('maria', T0)).inProgress, 1);
    });

    it('stops counting a call as in progress as soon as its end arrives, before the outbox has folded it', async () => {
      const [dialing, ...rest] = finishedCall('slow-fold', { agentId: 'maria' });
      await store.appendCallEvents([dialing!], T0);
      assert.equal((await store.dialCounts('maria', T0)).inProgress, 1);
      await store.appendCallEvents(rest, T0 + 1000);
      assert.equal((await store.dialCounts('maria', T0 + 1000)).inProgress, 0);
    });
  });
});
