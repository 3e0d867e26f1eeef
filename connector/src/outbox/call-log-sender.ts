import type { Logger } from 'pino';
import type { CallLogOutcome } from '../crm/call-log.js';
import type { CrmAdapter } from '../crm/crm-adapter.js';
import { CrmError } from '../crm/crm-error.js';
import type { OutboxEntry, Store } from '../store/store.js';
import { backoffDelay } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface SenderOptions {
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Attempts after which an unreadable answer for a single log sends it to the dead letters. */
  readonly maxAttempts: number;
}

export interface SendCounts {
  stored: number;
  retried: number;
  dead: number;
  requests: number;
}

/**
 * Sends one batch of outbox entries to the CRM and records what became of each:
 * - stored: delivered (unless a newer version was queued meanwhile, which then goes out too);
 * - a per-item transient error, or a whole-request failure the CRM may recover from (outage, rate limit, timeout,
 *   expired credentials): retried with backoff, and the failure counts toward opening the circuit;
 * - a whole batch the CRM rejects as malformed: split in halves and sent again, so one bad log cannot hold back the
 *   others; a single rejected log goes to the dead letters with the CRM's reason;
 * - a log the CRM answered nothing for: retried, never assumed stored.
 */
export class CallLogSender {
  constructor(
    private readonly deps: {
      store: Store;
      crm: CrmAdapter;
      breaker: CircuitBreaker;
      logger: Logger;
      now: () => number;
      random: () => number;
      options: SenderOptions;
      onOutcome?: (outcome: 'stored' | 'retry' | 'dead') => void;
    },
  ) {}

  async send(batch: readonly OutboxEntry[], counts: SendCounts): Promise<void> {
    if (batch.length === 0) return;
    counts.requests += 1;
    let outcomes: CallLogOutcome[];
    try {
      outcomes = await this.deps.crm.upsertCallLogs({ logs: batch.map((e) => e.log) });
    } catch (error) {
      await this.handleBatchFailure(batch, error, counts);
      return;
    }
    this.deps.breaker.success();
    const byCallId = new Map(outcomes.map((o) => [o.callId, o]));
    for (const entry of batch) {
      const outcome = byCallId.get(entry.callId);
      if (!outcome) await this.retry(entry, 'the CRM answered nothing for this call log', counts);
      else if (outcome.outcome === 'stored') await this.stored(entry, outcome.crmId, counts);
      else if (outcome.outcome === 'retry') await this.retry(entry, `${outcome.error.code}: ${outcome.error.message}`, counts);
      else await this.dead(entry, `${outcome.error.code}: ${outcome.error.message}`, counts);
    }
  }

  private async handleBatchFailure(batch: readonly OutboxEntry[], error: unknown, counts: SendCounts): Promise<void> {
    const crmError = error instanceof CrmError ? error : null;
    const reason = crmError ? `${crmError.kind}${crmError.details.crmCode ? ` ${crmError.details.crmCode}` : ''}: ${crmError.message}` : 'unexpected error';
    if (!crmError) this.deps.logger.error({ err: error }, 'sending call logs failed unexpectedly');
    if (crmError?.kind === 'bad-request' || crmError?.kind === 'not-found') {
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await this.send(batch.slice(0, half), counts);
        await this.send(batch.slice(half), counts);
        return;
      }
      await this.dead(batch[0]!, reason, counts);
      return;
    }
    if (crmError?.kind === 'bad-response' && batch.length === 1 && batch[0]!.attempts + 1 >= this.deps.options.maxAttempts) {
      await this.dead(batch[0]!, reason, counts);
      return;
    }
    this.deps.breaker.failure(this.deps.now());
    this.deps.logger.warn({ kind: crmError?.kind, crmCode: crmError?.details.crmCode, logs: batch.length }, 'CRM did not take the call logs; retrying later');
    for (const entry of batch) await this.retry(entry, reason, counts);
  }

  private async stored(entry: OutboxEntry, crmId: string, counts: SendCounts): Promise<void> {
    await this.deps.store.markDelivered({ callId: entry.callId, version: entry.version, crmId, now: this.deps.now() });
    counts.stored += 1;
    this.deps.onOutcome?.('stored');
  }

  private async retry(entry: OutboxEntry, error: string, counts: SendCounts): Promise<void> {
    const { retryBaseMs, retryMaxMs } = this.deps.options;
    const delay = backoffDelay(entry.attempts, { baseMs: retryBaseMs, maxMs: retryMaxMs }, this.deps.random);
    const now = this.deps.now();
    await this.deps.store.markRetry({ callId: entry.callId, version: entry.version, nextAttemptAt: now + delay, error, now });
    counts.retried += 1;
    this.deps.onOutcome?.('retry');
  }

  private async dead(entry: OutboxEntry, error: string, counts: SendCounts): Promise<void> {
    this.deps.logger.error({ callId: entry.callId, error }, 'the CRM refused a call log; it is in the dead letters for an admin to replay');
    await this.deps.store.markDead({ callId: entry.callId, version: entry.version, error, now: this.deps.now() });
    counts.dead += 1;
    this.deps.onOutcome?.('dead');
  }
}
