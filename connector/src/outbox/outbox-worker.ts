import type { Logger } from 'pino';
import type { CrmAdapter } from '../crm/crm-adapter.js';
import type { OutboxEntry, Store } from '../store/store.js';
import { foldPendingCalls } from './call-folder.js';
import { CallLogSender, type SendCounts, type SenderOptions } from './call-log-sender.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { endSilentCalls } from './heartbeat-reaper.js';

export interface OutboxWorkerOptions extends SenderOptions {
  /** How long a finished call may wait for others to share its request; also the polling period. */
  readonly flushWindowMs: number;
  /** Logs per CRM request; at most the adapter's `maxBatchSize`. */
  readonly batchSize: number;
  readonly heartbeatTimeoutMs: number;
  readonly breakerThreshold: number;
  readonly breakerCooldownMs: number;
}

export interface TickResult extends SendCounts {
  ended: number;
  folded: number;
}

/**
 * Runs the outbox: each tick ends silent calls, folds new events, then sends every due log in batches. Ticks never
 * overlap. A tick starts every `flushWindowMs`, or at once when enough calls ended to fill a batch (`nudge`).
 */
export class OutboxWorker {
  private readonly sender: CallLogSender;
  private readonly breaker: CircuitBreaker;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickResult> | null = null;
  private endedSinceTick = 0;
  private stopped = true;
  /** Set by `stop`: the pass in flight sends no further batch. */
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
   * Stops: no further pass starts, the pass in flight sends no further batch, and this waits for the request under
   * way (at most `timeoutMs`). Never rejects: what was not sent stays in the outbox for the next start.
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
    result.folded = await foldPendingCalls({ store, now, logger: this.deps.logger, ownerCrmId: this.ownerLookup() });
    const batchSize = Math.min(this.deps.options.batchSize, this.deps.crm.maxBatchSize);
    while (!this.stopping) {
      if (!this.breaker.allows(now())) break;
      const due = await store.dueOutbox(now(), batchSize);
      if (due.length === 0) break;
      await this.sender.send(due, result);
    }
    return result;
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

