import assert from 'node:assert/strict';
import type { CallLog } from '../../connector/src/crm/call-log.js';
import { CrmError } from '../../connector/src/crm/crm-error.js';
import { OutboxWorker } from '../../connector/src/outbox/outbox-worker.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { finishedCall } from './call-events.js';
import { ScriptedCrm } from './scripted-crm.js';
import { WORKER_OPTIONS } from './worker-options.js';

const T = Date.parse('2026-11-23T12:00:00.000Z');
/** A lease of 300 ms renewed every 100 ms (real time), CRM requests of at most 100 ms: the shortest the config allows. */
const OPTIONS = { ...WORKER_OPTIONS, batchSize: 4, leaseMs: 300, crmTimeoutMs: 100 };
/** Each CRM request moves the worker's clock on by this much, and answers after 150 ms of real time. */
const REQUEST_MS = 120;

describe('outbox worker: a claim whose renewals do not hold', () => {
  let store: SqliteStore;
  let crm: ScriptedCrm;
  let clock: number;
  let worker: OutboxWorker;
  let warnings: string[];

  beforeEach(async () => {
    store = SqliteStore.open(':memory:');
    clock = T;
    warnings = [];
    crm = new ScriptedCrm();
    // A batch holding the poison log is rejected whole: the sender searches for it, one request after another.
    crm.answer = (logs) => {
      clock += REQUEST_MS;
      if (logs.length > 1) throw new CrmError('bad-request', 'JSON_PARSER_ERROR', { crm: 'scripted', status: 400 });
      return undefined;
    };
    const upsert = crm.upsertCallLogs.bind(crm);
    crm.upsertCallLogs = async (args: { logs: readonly CallLog[] }) => {
      try {
        return await upsert(args);
      } finally {
        // Long enough for a renewal (every 100 ms) to run while the request is in flight.
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    };
    const logger = {
      warn: (_fields: unknown, message: string) => warnings.push(message),
      error: () => {},
      info: () => {},
    };
    worker = new OutboxWorker({ store, crm, logger: logger as never, options: OPTIONS, now: () => clock, random: () => 0.5 });
    await store.appendCallEvents(['a', 'b', 'c', 'd'].flatMap((id) => finishedCall(id)), T);
  });
  afterEach(async () => {
    await worker.stop();
    await store.close();
  });

  it('sends the whole batch, request after request, while renewals keep the claim', async () => {
    const result = await worker.tick();
    assert.equal(crm.requests.length, 5, 'the whole batch, then each log alone or in halves');
    assert.equal(result.stored, 4);
    assert.ok(clock - T > OPTIONS.leaseMs, 'the send outlasted the first lease');
    assert.deepEqual(warnings, []);
  });

  for (const [what, renew] of [
    ['fail', async () => Promise.reject(new Error('connection terminated'))],
    ['find the claim lost', async () => 0],
  ] as const) {
    it(`stops sending the batch before its lease could run out when renewals ${what}, and leaves the rest to the lease`, async () => {
      store.renewOutboxClaim = renew;
      const result = await worker.tick();

      // The first request ends by T + 220 at the latest; the second may end at T + 340, after the lease (T + 300).
      assert.equal(crm.requests.length, 2, 'the whole batch, then the first log alone; no request that could end after the lease');
      assert.equal(result.stored, 1);
      assert.ok(warnings.some((message) => /may run out before the CRM answers/.test(message)), warnings.join('; '));
      const waiting = await store.pendingOutbox(10);
      assert.deepEqual(waiting.map((entry) => [entry.attempts, entry.lastError]), [[0, null], [0, null], [0, null]], 'the rest untouched');
      assert.deepEqual((await store.claimDueOutbox({ now: T + OPTIONS.leaseMs - 1, limit: 10, leaseMs: OPTIONS.leaseMs })).entries, [], 'held until the lease ends');
      const next = await store.claimDueOutbox({ now: T + OPTIONS.leaseMs, limit: 10, leaseMs: OPTIONS.leaseMs });
      assert.equal(next.entries.length, 3, 'then claimed again, by whichever instance comes first');
    });
  }
});
