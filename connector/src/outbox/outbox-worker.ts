import type { Logger } from 'pino';
import type { CrmAdapter } from '../crm/crm-adapter.js';
import type { OutboxClaim, OutboxEntry, Store } from '../store/store.js';
import { FOLD_BATCH, foldClaimedBatch } from './call-folder.js';
import { CallLogSender, type SendCounts, type SenderOptions } from './call-log-sender.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { ClaimRenewal } from './claim-renewal.js';
import { endSilentCalls } from './heartbeat-reaper.js';

export interface OutboxWorkerOptions extends SenderOptions {
  /** How long a finished call may wait for others to share its request; also the polling period. */
  readonly flushWindowMs: number;
  /** Logs per CRM request; at most the adapter's `maxBatchSize`. */
  readonly batchSize: number;
  /**
   * How long a claim on due logs holds them for this worker before another instance may take them over (it dies
   * mid-send); renewed while a send lasts longer. MUST be at least twice `crmTimeoutMs`. A claim on calls to fold is
   * held as long (not renewed: a batch stops folding at two thirds of it, see `foldClaimedBatch`).
   */
  readonly leaseMs: number;
  /** How long an ended call's log waits for the wrap-up its agent was shown (`WRAPUP_HOLD_S`); 0 sends it at the end. */
  readonly wrapUpHoldMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly breakerThreshold: number;
  readonly breakerCooldownMs: number;
}

export interface TickResult extends SendCounts {
  ended: number;
  folded: number;
}

/**
 * Runs the outbox: each tick ends silent calls, then folds new events a claimed batch at a time, sending every due log
 * after each batch, so logs reach the CRM while calls keep arriving. A tick leaves no call to fold (but those another
 * worker holds) and no due log behind, unless the circuit is open or the worker stops. Ticks never overlap. A tick
 * starts every `flushWindowMs`, or at once when enough calls ended to fill a batch (`nudge`).
 *
 * Several instances may share one store, each with its worker, and split the work: calls are claimed before they are
 * folded (`Store.claimCallsToFold`) and logs before they are sent (`Store.claimDueOutbox`), so no other worker is handed
 * them until this one is done with them or its lease runs out; a send's claim is renewed while the CRM takes its time.
 */
export class OutboxWorker {
  private readonly sender: CallLogSender;
  private readonly breaker: CircuitBreaker;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickResult> | null = null;
  /** Renews the claim of the batch being sent; null between sends. */
  private renewal: ClaimRenewal | null = null;
  private endedSinceTick = 0;
  private stopped = true;
  /** Set by `stop`: the pass in flight folds and sends no further batch. */
  private stopping = false;
  private readonly createdAt: number;

  constructor(
    private readonly deps: {
      store: Store;
      crm: CrmAdapter;
      logger: Logger;
      options: OutboxWorkerOptions;
      now?: () => number;
      random?: () => number;
      onOutcome?: (outcome: 'stored' | 'retry' | 'dead') => void;
      onCircuit?: (state: CircuitState) => void;
      /**
       * Told, each time the CRM stores a version of a call log, how long after that version was queued that was, in
       * seconds: the delivery latency (`connector_call_log_delivery_seconds`). Counted from the version's own queue
       * time, so a wrap-up saved 25 minutes after the call shows the seconds its log took, not the 25 minutes. A version
       * is stored once, so each counts once.
       */
      onDelivered?: (seconds: number) => void;
    },
  ) {
    const now = deps.now ?? Date.now;
    this.createdAt = now();
    this.breaker = new CircuitBreaker(
      { threshold: deps.options.breakerThreshold, cooldownMs: deps.options.breakerCooldownMs },
      (from, to) => {
        deps.logger.warn({ from, to }, `CRM circuit ${to}`);
        deps.onCircuit?.(to);
      },
    );
    this.sender = new CallLogSender({
      store: deps.store,
      crm: deps.crm,
      breaker: this.breaker,
      logger: deps.logger,
      now,
      random: deps.random ?? Math.random,
      options: deps.options,
      ...(deps.onOutcome ? { onOutcome: deps.onOutcome } : {}),
      ...(deps.onDelivered ? { onStored: (entry: OutboxEntry) => deps.onDelivered?.(Math.max(0, now() - entry.queuedAt) / 1000) } : {}),
    });
  }

  get circuit(): CircuitState {
    return this.breaker.state;
  }

  start(): void {
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /**
   * Stops: no further pass starts, the pass in flight folds and sends no further batch, and this waits for the work
   * under way (at most `timeoutMs`). Never rejects: what was not sent stays in the outbox for the next start.
   *
   * Nothing claimed is released here: a batch still unanswered at the deadline stops being renewed and is left to its
   * lease, after which another instance (or this one, started again) takes it over. The store has no release verb
   * because a stopping instance may not reach it, and one that dies cannot: the lease is the one way claims end.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.running.then(() => undefined, (error: unknown) => this.deps.logger.error({ err: error }, 'outbox pass failed while stopping')), deadline]);
    clearTimeout(timer);
    this.stopRenewing();
  }

  /** Tells the worker that calls ended; a full batch is sent without waiting for the window. */
  nudge(endedCalls: number): void {
    this.endedSinceTick += endedCalls;
    if (this.endedSinceTick >= this.deps.options.batchSize) this.wake();
  }

  /** Starts a pass now rather than at the end of the window (a replayed dead letter, a full batch). */
  wake(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  /** One pass; concurrent callers share the pass in flight. */
  tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const now = this.deps.now ?? Date.now;
    this.endedSinceTick = 0;
    const { store } = this.deps;
    const result: TickResult = { ended: 0, folded: 0, stored: 0, retried: 0, dead: 0, requests: 0 };
    // Silence is only evidence once this process has listened for a whole timeout: after an outage or a restart,
    // widgets need that long to reconnect and report.
    if (now() - this.createdAt >= this.deps.options.heartbeatTimeoutMs) {
      result.ended = await endSilentCalls({ store, now, timeoutMs: this.deps.options.heartbeatTimeoutMs });
    }
    const ownerCrmId = this.ownerLookup();
    const sendBatch = Math.min(this.deps.options.batchSize, this.deps.crm.maxBatchSize);
    // Whole CRM requests' worth, so that the logs of a batch of ended calls go out in full requests.
    const foldBatch = Math.ceil(FOLD_BATCH / sendBatch) * sendBatch;
    for (;;) {
      const batch = await foldClaimedBatch({
        store,
        now,
        logger: this.deps.logger,
        ownerCrmId,
        leaseMs: this.deps.options.leaseMs,
        batch: foldBatch,
        wrapUpHoldMs: this.deps.options.wrapUpHoldMs,
      });
      result.folded += batch.folded;
      await this.sendDue(result, sendBatch);
      // A short batch: every call to fold was free and is folded, or held by another worker.
      if (batch.claimed < foldBatch || this.stopping) return result;
    }
  }

  /** Claims and sends due logs, `batchSize` at a time, until none is due, the circuit opens or the worker stops. */
  private async sendDue(result: TickResult, batchSize: number): Promise<void> {
    const now = this.deps.now ?? Date.now;
    while (!this.stopping) {
      if (!this.breaker.allows(now())) return;
      const claim = await this.deps.store.claimDueOutbox({ now: now(), limit: batchSize, leaseMs: this.deps.options.leaseMs });
      if (claim.entries.length === 0) return;
      await this.sendClaimed(claim, result);
    }
  }

  /**
   * Sends one claimed batch, renewing the claim every third of the lease until the send settles, so a slow CRM does
   * not let another instance send the same calls meanwhile. While renewals fail (the store is unreachable) or find
   * the claim lost, the send goes on only as long as a request ends within the lease last known held; the rest of the
   * batch is then left to its lease (see `ClaimRenewal`, `CallLogSender`).
   */
  private async sendClaimed(claim: OutboxClaim, result: TickResult): Promise<void> {
    const renewal = new ClaimRenewal({
      store: this.deps.store,
      claim,
      leaseMs: this.deps.options.leaseMs,
      now: this.deps.now ?? Date.now,
      logger: this.deps.logger,
    });
    this.renewal = renewal;
    try {
      await this.sender.send(claim, renewal, result);
    } finally {
      renewal.stop();
      if (this.renewal === renewal) this.renewal = null;
    }
  }

  private stopRenewing(): void {
    this.renewal?.stop();
    this.renewal = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'outbox pass failed; will try again'))
        .finally(() => {
          if (!this.stopped) this.schedule(this.deps.options.flushWindowMs);
        });
    }, delayMs);
  }

  /**
   * Each agent's CRM user id (the owner of its call logs), read once per pass and forgotten after it, so that an admin's
   * change of an agent's CRM user id applies to the next call logged. A deleted agent's calls are logged without owner.
   */
  private ownerLookup(): (agentId: string) => Promise<string | null> {
    const owners = new Map<string, Promise<string | null>>();
    return (agentId) => {
      let owner = owners.get(agentId);
      if (!owner) {
        owner = this.deps.store.agentById(agentId).then((agent) => agent?.crmUserId ?? null);
        owners.set(agentId, owner);
      }
      return owner;
    };
  }
}

