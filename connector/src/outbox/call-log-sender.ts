import type { Logger } from 'pino';
import type { CallLogOutcome } from '../crm/call-log.js';
import type { CrmAdapter } from '../crm/crm-adapter.js';
import { CrmError } from '../crm/crm-error.js';
import type { OutboxClaim, OutboxEntry, Store } from '../store/store.js';
import { backoffDelay } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface SenderOptions {
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Attempts after which an unreadable answer for a single log sends it to the dead letters. */
  readonly maxAttempts: number;
  /** The longest one CRM request may take (`CRM_TIMEOUT_MS`): a request is sent only if it ends within the claim. */
  readonly crmTimeoutMs: number;
}

/** What the sender knows of the claim it sends while it sends it (see `ClaimRenewal`). */
export interface ClaimHold {
  /** Ms since epoch until which the claim surely still holds every log not settled yet. */
  heldUntil(): number;
  /** Told before each settling write, which releases that log from the claim. */
  settling(): void;
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
 * - a whole-request failure the CRM recovers from (outage, rate limit, timeout, expired credentials): retried with
 *   backoff, for as long as it takes, and counted toward opening the circuit;
 * - a per-item "later" (a locked row) or no answer for a log: retried, up to `maxAttempts`, then a dead letter;
 * - a batch the CRM rejects as a whole: searched for the logs it objects to, so one bad log cannot hold back the
 *   others; those go to the dead letters with the CRM's reason. When every log is rejected alone, the request itself
 *   is wrong (configuration): nothing is dead-lettered, everything is retried and an admin is told.
 * Every settling write names the claim the batch came from, which releases the call for its next version or retry.
 *
 * A request goes out only if it ends, at the CRM's timeout, before the claim could run out (`ClaimHold`): otherwise
 * another instance may have claimed the same calls meanwhile and be sending newer versions, which an older one
 * arriving after them would overwrite. The sender then stops with that claim, settles nothing more of it, and leaves
 * the rest of the batch to its lease, for whichever instance claims it next.
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
      /** Told of each version of a log the CRM stored, once it is marked delivered (see `OutboxWorker`'s `onDelivered`). */
      onStored?: (entry: OutboxEntry) => void;
    },
  ) {}

  /**
   * Sends the claimed entries (at most the CRM's batch size) and records each log's fate, while `hold` says the claim
   * is held; never throws for a CRM failure.
   */
  async send(claim: OutboxClaim, hold: ClaimHold, counts: SendCounts): Promise<void> {
    const batch = claim.entries;
    const settle: Settling = { claim: claim.token, counts, hold, abandoned: false };
    const rejected: Rejection[] = [];
    const anyStored = await this.attempt(batch, settle, rejected);
    // Left to the lease: the logs rejected alone so far are judged again, with the rest, by the next claim.
    if (rejected.length === 0 || settle.abandoned) return;
    if (anyStored || (batch.length === 1 && rejected.length === 1)) {
      for (const { entry, reason } of rejected) await this.dead(entry, reason, settle);
      return;
    }
    // The CRM rejected every request whatever it held: the request itself is wrong (a missing External ID field, an
    // API version the org lacks), not the logs. Keep them all and let an admin fix the configuration.
    this.deps.breaker.failure(this.deps.now());
    this.deps.logger.error({ reason: rejected[0]?.reason, logs: rejected.length }, 'the CRM rejects every call log request: check the CRM settings');
    for (const { entry, reason } of rejected) await this.retry(entry, reason, settle, false);
  }

  /**
   * One request, and for a request the CRM rejects as a whole, a search for the logs it objects to: the first two
   * alone (if both fail alone, the request is at fault and the search stops), then the rest in halves. Logs rejected
   * alone are collected in `rejected`, to be judged by the caller. Returns whether any log was stored.
   */
  private async attempt(batch: readonly OutboxEntry[], settle: Settling, rejected: Rejection[]): Promise<boolean> {
    if (batch.length === 0 || !this.stillHeld(settle, batch.length)) return false;
    settle.counts.requests += 1;
    let outcomes: CallLogOutcome[];
    try {
      outcomes = await this.deps.crm.upsertCallLogs({ logs: batch.map((e) => e.log) });
    } catch (error) {
      const crmError = error instanceof CrmError ? error : null;
      if (!crmError) this.deps.logger.error({ err: error }, 'sending call logs failed unexpectedly');
      const reason = crmError ? describe(crmError) : 'unexpected error';
      const itemFault = crmError?.kind === 'bad-request' || crmError?.kind === 'not-found' || crmError?.kind === 'bad-response';
      if (!itemFault) {
        await this.transientFailure(batch, crmError, reason, settle);
        return false;
      }
      if (batch.length === 1) {
        if (crmError?.kind === 'bad-response' && batch[0]!.attempts + 1 < this.deps.options.maxAttempts) {
          await this.retry(batch[0]!, reason, settle, true);
        } else {
          rejected.push({ entry: batch[0]!, reason });
        }
        return false;
      }
      return this.search(batch, settle, rejected);
    }
    this.deps.breaker.success();
    const byCallId = new Map(outcomes.map((o) => [o.callId, o]));
    let anyStored = false;
    for (const entry of batch) {
      const outcome = byCallId.get(entry.callId);
      if (!outcome) await this.retry(entry, 'NOT_CONFIRMED: the CRM answered nothing for this call log', settle, true);
      else if (outcome.outcome === 'stored') {
        anyStored = true;
        await this.stored(entry, outcome.crmId, settle);
      } else if (outcome.outcome === 'retry') await this.retry(entry, `${outcome.error.code}: ${outcome.error.message}`, settle, true);
      else await this.dead(entry, `${outcome.error.code}: ${outcome.error.message}`, settle);
    }
    return anyStored;
  }

  /** Whether a request sent now ends before the claim could run out; if not, the claim is given up for good. */
  private stillHeld(settle: Settling, logs: number): boolean {
    if (settle.abandoned) return false;
    const heldUntil = settle.hold.heldUntil();
    if (this.deps.now() + this.deps.options.crmTimeoutMs < heldUntil) return true;
    settle.abandoned = true;
    this.deps.logger.warn(
      { logs, heldUntil: new Date(heldUntil).toISOString() },
      'the claim on call logs may run out before the CRM answers: sending no more of this batch; it is left to its lease',
    );
    return false;
  }

  private async search(batch: readonly OutboxEntry[], settle: Settling, rejected: Rejection[]): Promise<boolean> {
    const before = rejected.length;
    let anyStored = await this.attempt(batch.slice(0, 1), settle, rejected);
    anyStored = (await this.attempt(batch.slice(1, 2), settle, rejected)) || anyStored;
    if (!anyStored && rejected.length - before === 2) {
      for (const entry of batch.slice(2)) rejected.push({ entry, reason: rejected[before]!.reason });
      return false;
    }
    const rest = batch.slice(2);
    const half = Math.ceil(rest.length / 2);
    anyStored = (await this.attempt(rest.slice(0, half), settle, rejected)) || anyStored;
    anyStored = (await this.attempt(rest.slice(half), settle, rejected)) || anyStored;
    return anyStored;
  }

  private async transientFailure(batch: readonly OutboxEntry[], error: CrmError | null, reason: string, settle: Settling): Promise<void> {
    this.deps.breaker.failure(this.deps.now());
    this.deps.logger.warn({ kind: error?.kind, crmCode: error?.details.crmCode, logs: batch.length }, 'CRM did not take the call logs; retrying later');
    for (const entry of batch) await this.retry(entry, reason, settle, false);
  }

  private async stored(entry: OutboxEntry, crmId: string, settle: Settling): Promise<void> {
    settle.hold.settling();
    await this.deps.store.markDelivered({ callId: entry.callId, version: entry.version, crmId, now: this.deps.now(), claim: settle.claim });
    settle.counts.stored += 1;
    this.deps.onOutcome?.('stored');
    this.deps.onStored?.(entry);
  }

  /**
   * Schedules another attempt. `itemFault` retries (the CRM answered for this log and said "later", or said nothing)
   * are capped by `maxAttempts`, after which the log is a dead letter; outages never are: the CRM will come back.
   */
  private async retry(entry: OutboxEntry, error: string, settle: Settling, itemFault: boolean): Promise<void> {
    if (itemFault && entry.attempts + 1 >= this.deps.options.maxAttempts) {
      await this.dead(entry, `${error} (gave up after ${entry.attempts + 1} attempts)`, settle);
      return;
    }
    const { retryBaseMs, retryMaxMs } = this.deps.options;
    const delay = backoffDelay(entry.attempts, { baseMs: retryBaseMs, maxMs: retryMaxMs }, this.deps.random);
    const now = this.deps.now();
    settle.hold.settling();
    await this.deps.store.markRetry({ callId: entry.callId, version: entry.version, nextAttemptAt: now + delay, error, now, claim: settle.claim });
    settle.counts.retried += 1;
    this.deps.onOutcome?.('retry');
  }

  private async dead(entry: OutboxEntry, error: string, settle: Settling): Promise<void> {
    this.deps.logger.error({ callId: entry.callId, error }, 'the CRM refused a call log; it is in the dead letters for an admin to replay');
    settle.hold.settling();
    await this.deps.store.markDead({ callId: entry.callId, version: entry.version, error, now: this.deps.now(), claim: settle.claim });
    settle.counts.dead += 1;
    this.deps.onOutcome?.('dead');
  }
}

/** One send's settling context: the claim every write releases, what is known of its hold, and the counts it adds to. */
interface Settling {
  readonly claim: string;
  readonly counts: SendCounts;
  readonly hold: ClaimHold;
  /** Set once the claim may run out before a request ends: nothing more is sent or settled. */
  abandoned: boolean;
}

interface Rejection {
  readonly entry: OutboxEntry;
  readonly reason: string;
}

function describe(error: CrmError): string {
  return `${error.kind}${error.details.crmCode ? ` ${error.details.crmCode}` : ''}: ${error.message}`;
}
