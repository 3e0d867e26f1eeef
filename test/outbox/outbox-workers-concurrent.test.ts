import assert from 'node:assert/strict';
import type { CallLog, CallLogOutcome } from '../../connector/src/crm/call-log.js';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../../connector/src/outbox/outbox-worker.js';
import type { OutboxClaim, Store } from '../../connector/src/store/store.js';
import { STORE_KINDS, type SharedDatabase } from '../store/contract/store-kinds.js';
import { finishedCall } from './call-events.js';
import { WORKER_OPTIONS } from './worker-options.js';

/**
 * Short leases and a fast poll, so a lease running out is seen within a test (the environment's minimum is 5 s), and
 * CRM requests as long as the lease allows.
 */
const OPTIONS: OutboxWorkerOptions = { ...WORKER_OPTIONS, flushWindowMs: 10, batchSize: 20, leaseMs: 300, crmTimeoutMs: 150 };
/** For a test about something else: no fold batch nor send runs near the end of its lease. */
const LONG_LEASE = { leaseMs: 30_000, crmTimeoutMs: 10_000 };

/** What the CRM saw across every instance: each call's upserts in order, and any upsert of a call already in flight. */
class CrmLedger {
  readonly upserts = new Map<string, CallLog[]>();
  /** Ms since epoch when each call's first upsert was sent. */
  readonly firstSentAt = new Map<string, number>();
  readonly overlaps: string[] = [];
  private readonly inFlight = new Set<string>();

  get total(): number {
    let n = 0;
    for (const logs of this.upserts.values()) n += logs.length;
    return n;
  }

  begin(logs: readonly CallLog[]): void {
    for (const { callId } of logs) {
      if (this.inFlight.has(callId)) this.overlaps.push(callId);
      this.inFlight.add(callId);
      if (!this.firstSentAt.has(callId)) this.firstSentAt.set(callId, Date.now());
    }
  }

  end(logs: readonly CallLog[]): void {
    for (const log of logs) {
      this.inFlight.delete(log.callId);
      this.upserts.set(log.callId, [...(this.upserts.get(log.callId) ?? []), log]);
    }
  }
}

/**
 * One instance's CRM adapter: answers each request after `latencyMs()` and stores every log, or, with `hang`, never
 * answers until the test lets go (a request to a CRM that stopped responding, from an instance about to die).
 */
class SlowCrm implements CrmAdapter {
  readonly name = 'slow';
  readonly maxBatchSize = 200;
  requests = 0;
  private letGo: (() => void) | null = null;
  private readonly hung = new Promise<void>((resolve) => (this.letGo = resolve));
  private readonly firstRequest: Promise<void>;
  private markFirst: () => void = () => {};

  constructor(
    private readonly ledger: CrmLedger,
    private readonly latencyMs: () => number,
    private readonly hang = false,
  ) {
    this.firstRequest = new Promise<void>((resolve) => (this.markFirst = resolve));
  }

  async upsertCallLogs({ logs }: { logs: readonly CallLog[] }): Promise<CallLogOutcome[]> {
    this.requests += 1;
    this.markFirst();
    if (this.hang) {
      await this.hung;
      return [];
    }
    this.ledger.begin(logs);
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs()));
    this.ledger.end(logs);
    return logs.map((l) => ({ callId: l.callId, outcome: 'stored' as const, crmId: `T-${l.callId}` }));
  }

  /** Resolves once a request has reached this adapter. */
  requested(): Promise<void> {
    return this.firstRequest;
  }

  /** Lets a hung request return (with no outcome), so its worker can stop. */
  release(): void {
    this.letGo?.();
  }

  async getRecord() {
    return null;
  }

  async findByPhone() {
    return [];
  }

  async ping() {}

  async close() {}
}

/** Waits for a condition the workers bring about, checking every few ms; fails with `what` after `timeoutMs`. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A latency between 20 and 50 ms, from a fixed sequence so runs are alike. */
function latencies(): () => number {
  let n = 0;
  return () => 20 + ((n++ * 7) % 31);
}

// Both kinds: SQLite's single writer serialises the instances' claims, PostgreSQL lets them race, as in production.
for (const kind of STORE_KINDS) {
  describe(`outbox workers of several instances sharing one ${kind.name} store`, () => {
    /** The database the instances share: SQLite, one file; PostgreSQL, one schema. */
    let shared: SharedDatabase;
    const stores: Store[] = [];
    const workers: OutboxWorker[] = [];
    const crms: SlowCrm[] = [];

    /** Another connection to the shared database, as another instance has, closed after the test. */
    async function connect(): Promise<Store> {
      const store = await shared.open();
      stores.push(store);
      return store;
    }

    /** One connector instance: its own connection to the shared database, its own CRM adapter and worker. */
    async function instance(ledger: CrmLedger, crmBehaviour: { hang?: boolean; latencyMs?: () => number } = {}, options = OPTIONS) {
      const store = await connect();
      const crm = new SlowCrm(ledger, crmBehaviour.latencyMs ?? latencies(), crmBehaviour.hang ?? false);
      const worker = new OutboxWorker({ store, crm, logger: createLogger('silent'), options });
      crms.push(crm);
      workers.push(worker);
      return { store, crm, worker };
    }

    /** Records the claims that handed this store's worker some logs. */
    function recordClaims(store: Store): OutboxClaim[] {
      const claims: OutboxClaim[] = [];
      const claimDueOutbox = store.claimDueOutbox.bind(store);
      store.claimDueOutbox = async (args) => {
        const claim = await claimDueOutbox(args);
        if (claim.entries.length > 0) claims.push(claim);
        return claim;
      };
      return claims;
    }

    /**
     * Counts the folds this store saves per call, in `folds` (shared by the instances), and makes reading a call's
     * events take a turn of the event loop, as a database round trip does (SQLite answers at once), so the workers'
     * passes interleave.
     */
    function countFolds(store: Store, name: string, folds: Map<string, string[]>): void {
      const callEvents = store.callEvents.bind(store);
      store.callEvents = async (leg) => {
        await new Promise((resolve) => setImmediate(resolve));
        return callEvents(leg);
      };
      const saveFold = store.saveFold.bind(store);
      store.saveFold = async (args) => {
        await saveFold(args);
        folds.set(args.callId, [...(folds.get(args.callId) ?? []), name]);
      };
    }

    beforeEach(async () => {
      shared = await kind.shared();
    });
    afterEach(async () => {
      for (const crm of crms.splice(0)) crm.release();
      for (const worker of workers.splice(0)) await worker.stop(1000);
      for (const store of stores.splice(0)) await store.close();
      await shared.remove();
    });

    it('logs 300 calls once each at their latest version, never sending one call twice at a time', async () => {
      const ledger = new CrmLedger();
      const [a, b, c] = [await instance(ledger), await instance(ledger), await instance(ledger)];
      const calls = Array.from({ length: 300 }, (_, i) => `call-${i}`);
      await a.store.appendCallEvents(calls.flatMap((id) => finishedCall(id)), Date.now());
      for (const { worker } of [a, b, c]) worker.start();

      // Wrap-ups for 30 calls while the workers send: some already logged, some in flight, some still waiting.
      await until(() => ledger.total >= 60, 'a fifth of the calls are logged');
      const corrected = calls.slice(0, 30);
      await b.store.appendCallEvents(corrected.map((id) => finishedCall(id, { notes: `final notes of ${id}` }).at(-1)!), Date.now());
      await until(async () => {
        const counts = await c.store.outboxCounts(Date.now());
        if (counts.delivered !== 300 || counts.pending !== 0) return false;
        // A wrap-up not folded yet also shows as pending here.
        const statuses = await Promise.all(corrected.map((id) => c.store.callLogStatus(callLegKey('agent-1', id))));
        return statuses.every((status) => status?.status === 'delivered');
      }, 'every call is logged at its latest version');

      assert.deepEqual(ledger.overlaps, [], 'calls sent again while their upsert was in flight');
      assert.equal(ledger.upserts.size, 300);
      for (const id of calls) {
        const logs = ledger.upserts.get(callLegKey('agent-1', id)) ?? [];
        if (corrected.includes(id)) {
          assert.ok(logs.length >= 1 && logs.length <= 2, `${id} logged ${logs.length} times`);
          assert.equal(logs.at(-1)!.notes, `final notes of ${id}`, `${id} ends at its corrected version`);
        } else {
          assert.equal(logs.length, 1, `${id} logged ${logs.length} times`);
          assert.equal(logs[0]!.notes, null);
        }
      }
      assert.ok(crms.filter((crm) => crm.requests > 0).length >= 2, `the instances shared the work: ${crms.map((crm) => crm.requests).join(', ')} requests`);
    });

    it('folds each call once across three instances, which share the folding', async () => {
      const ledger = new CrmLedger();
      const folds = new Map<string, string[]>();
      // Leases far longer than a fold batch takes: no batch is taken over, so a second fold of a call would be a claim's fault.
      const options = { ...OPTIONS, ...LONG_LEASE };
      const instances = [await instance(ledger, {}, options), await instance(ledger, {}, options), await instance(ledger, {}, options)];
      for (const [n, { store }] of instances.entries()) countFolds(store, `instance ${n + 1}`, folds);
      const calls = Array.from({ length: 1000 }, (_, i) => `f-${i}`);
      await instances[0]!.store.appendCallEvents(calls.flatMap((id) => finishedCall(id)), Date.now());
      for (const { worker } of instances) worker.start();
      await until(async () => (await instances[0]!.store.outboxCounts(Date.now())).delivered === calls.length, 'every call is logged');

      const twice = [...folds].filter(([, by]) => by.length > 1);
      assert.deepEqual(twice.slice(0, 5), [], `${twice.length} calls folded more than once`);
      assert.equal(folds.size, calls.length);
      const byInstance = new Map<string, number>();
      for (const [, [by]] of folds) byInstance.set(by!, (byInstance.get(by!) ?? 0) + 1);
      assert.ok(byInstance.size >= 2, `the instances shared the folding: ${JSON.stringify(Object.fromEntries(byInstance))}`);
      assert.deepEqual([...ledger.upserts.values()].filter((logs) => logs.length !== 1), [], 'each call logged once');
    });

    it('sends logs while a pass still has calls to fold, and leaves nothing behind after it', async () => {
      const ledger = new CrmLedger();
      const store = await connect();
      const crm = new SlowCrm(ledger, latencies());
      const worker = new OutboxWorker({ store, crm, logger: createLogger('silent'), options: { ...OPTIONS, batchSize: 200, ...LONG_LEASE } });
      workers.push(worker);
      await store.appendCallEvents(Array.from({ length: 1200 }, (_, i) => finishedCall(`p-${i}`)).flat(), Date.now());
      let requestsAtLastFold = -1;
      const saveFold = store.saveFold.bind(store);
      store.saveFold = async (args) => {
        await saveFold(args);
        requestsAtLastFold = crm.requests;
      };

      const result = await worker.tick();

      assert.ok(requestsAtLastFold > 0, `the CRM had ${requestsAtLastFold} requests when the last call was folded`);
      assert.equal(result.folded, 1200);
      assert.equal(result.stored, 1200);
      assert.equal(crm.requests, 6, 'in full requests of 200');
      assert.deepEqual(await store.outboxCounts(Date.now()), { pending: 0, delivered: 1200, dead: 0, oldestPendingAgeMs: 0 });
    });

    it('keeps a call held by an instance whose CRM is slower than the lease, as long as that instance renews it', async () => {
      const ledger = new CrmLedger();
      const slow = await instance(ledger, { latencyMs: () => 3 * OPTIONS.leaseMs });
      await slow.store.appendCallEvents(['s-1', 's-2', 's-3'].flatMap((id) => finishedCall(id)), Date.now());
      await foldPendingCalls({ store: slow.store, ownerCrmId: async () => null, now: Date.now });

      slow.worker.start();
      await slow.crm.requested();
      const other = await instance(ledger);
      other.worker.start();
      await until(async () => (await other.store.outboxCounts(Date.now())).delivered === 3, 'the slow instance has logged its calls');

      assert.equal(other.crm.requests, 0, 'the other instance took over calls whose send was still in flight');
      assert.deepEqual(ledger.overlaps, []);
      assert.deepEqual([...ledger.upserts.values()].map((logs) => logs.length), [1, 1, 1]);
    });

    it('takes over the calls of an instance that died mid-send once its lease runs out', async () => {
      const ledger = new CrmLedger();
      const dying = await instance(ledger, { hang: true });
      const claims = recordClaims(dying.store);
      const calls = Array.from({ length: 40 }, (_, i) => `d-${i}`);
      await dying.store.appendCallEvents(calls.flatMap((id) => finishedCall(id)), Date.now());
      dying.worker.start();
      await dying.crm.requested();
      // The instance dies with its first batch unanswered: its connection to the store goes, so it renews nothing.
      await dying.store.close();

      const survivor = await instance(ledger);
      survivor.worker.start();
      await until(async () => (await survivor.store.outboxCounts(Date.now())).delivered === 40, 'the survivor has logged every call');

      assert.equal(claims.length, 1);
      const [held] = claims as [OutboxClaim];
      assert.equal(held.entries.length, OPTIONS.batchSize, 'the dead instance held one batch');
      for (const { callId } of held.entries) {
        assert.ok(ledger.firstSentAt.get(callId)! >= held.until, `${callId} was sent before the dead instance's lease ran out`);
      }
      assert.deepEqual([...ledger.upserts.values()].map((logs) => logs.length), calls.map(() => 1), 'each call logged once');
    });

    it('leaves what a stopped instance could not send to its lease, for another instance to take over', async () => {
      const ledger = new CrmLedger();
      const stopping = await instance(ledger, { hang: true });
      const claims = recordClaims(stopping.store);
      await stopping.store.appendCallEvents(['x-1', 'x-2'].flatMap((id) => finishedCall(id)), Date.now());
      stopping.worker.start();
      await stopping.crm.requested();
      await stopping.worker.stop(20);

      const other = await instance(ledger);
      other.worker.start();
      await until(async () => (await other.store.outboxCounts(Date.now())).delivered === 2, 'the other instance has logged both calls');
      assert.equal(claims.length, 1);
      for (const callId of ['x-1', 'x-2'].map((id) => callLegKey('agent-1', id))) {
        assert.ok(ledger.firstSentAt.get(callId)! >= claims[0]!.until, `${callId} was taken over before the lease ran out`);
      }
      assert.equal(ledger.upserts.size, 2);
    });
  });
}
