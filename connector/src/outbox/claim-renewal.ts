import type { Logger } from 'pino';
import type { OutboxClaim, Store } from '../store/store.js';
import type { ClaimHold } from './call-log-sender.js';

/**
 * Keeps a claim on call logs held while they are sent: renews its lease every third of it, one renewal at a time, and
 * knows until when the claim is surely still this worker's. That is the claim's own `until` at first; a renewal moves
 * it to the `until` it asked for only when it answers that the claim still holds every log not settled yet. A renewal
 * that fails, or finds fewer (another instance took some over), moves nothing: the sender then stops before the
 * known lease could run out (see `CallLogSender`), and what it did not settle is left to the lease.
 */
export class ClaimRenewal implements ClaimHold {
  private heldUntilMs: number;
  /** Logs whose settling write was issued: counted before it runs, so a renewal racing it never undercounts. */
  private settlingLogs = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly claim: OutboxClaim;
      readonly leaseMs: number;
      readonly now: () => number;
      readonly logger: Logger;
    },
  ) {
    this.heldUntilMs = deps.claim.until;
    this.schedule();
  }

  heldUntil(): number {
    return this.heldUntilMs;
  }

  settling(): void {
    this.settlingLogs += 1;
  }

  /** Renews no more; a renewal in flight still counts, but schedules no other. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.renew().finally(() => this.schedule());
    }, Math.max(1, Math.floor(this.deps.leaseMs / 3)));
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    const { store, claim, leaseMs, now, logger } = this.deps;
    const until = now() + leaseMs;
    try {
      const held = await store.renewOutboxClaim({ token: claim.token, until });
      const unsettled = claim.entries.length - this.settlingLogs;
      if (held >= unsettled) this.heldUntilMs = Math.max(this.heldUntilMs, until);
      else logger.warn({ held, unsettled }, 'the claim on call logs being sent no longer holds them all; the rest of its batch is left to its lease');
    } catch (error) {
      logger.warn({ err: error, logs: claim.entries.length }, 'could not renew the claim on call logs being sent; the rest of its batch is left to its lease unless a later renewal succeeds');
    }
  }
}
